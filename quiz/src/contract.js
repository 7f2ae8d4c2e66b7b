// Generated from src/connect_or_not/contract.py by `python -m connect_or_not.jstypes`:
// do not edit (tests/test_contract.py fails when this file falls behind).

export const ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
export const STORE_VERSION = 1;
export const EXPORT_FORMAT = "connect-or-not-progress";
export const RESULT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const MAX_CHOICES = 4;
export const LEARNER_TAG_LENGTH = 4;
