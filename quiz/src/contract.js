// Generated from src/connect_or_not/contract.py by `python -m connect_or_not.jstypes`:
// do not edit (tests/test_contract.py fails when this file falls behind).

export const ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
export const STORE_VERSION = 1;
export const EXPORT_FORMAT = "connect-or-not-progress";
export const RESULT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const MAX_CHOICES = 4;
export const XAPI = {"version": "1.0.3", "answered": "http://adlnet.gov/expapi/verbs/answered", "completed": "http://adlnet.gov/expapi/verbs/completed", "passed": "http://adlnet.gov/expapi/verbs/passed", "failed": "http://adlnet.gov/expapi/verbs/failed", "initialized": "http://adlnet.gov/expapi/verbs/initialized", "terminated": "http://adlnet.gov/expapi/verbs/terminated", "launched": "http://adlnet.gov/expapi/verbs/launched", "interaction": "http://adlnet.gov/expapi/activities/cmi.interaction", "cmi5": "https://w3id.org/xapi/cmi5/context/categories/cmi5", "moveOn": "https://w3id.org/xapi/cmi5/context/categories/moveon", "sessionId": "https://w3id.org/xapi/cmi5/context/extensions/sessionid", "masteryScore": "https://w3id.org/xapi/cmi5/context/extensions/masteryscore", "policy": "xapi/policy"};
