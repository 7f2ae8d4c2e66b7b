"""``make scorm``: the course as SCORM 1.2, SCORM 2004 (4th edition) and cmi5 packages.

    python -m connect_or_not.mkdocs_plugin.scorm [mkdocs.yml] [dist/]

Both packages hold the same build of the course, made for an LMS frame: page
addresses that are files (``quiz/sets/first-steps.html``, as LMS file servers
expect), no service worker, and every page, asset and the grader's runtime, so
that nothing is fetched from outside the package. Each quiz set chosen in
``mkdocs.yml`` (``scorm: sets``, default all) is one SCO; the engine's ``lms`` part
talks to the LMS. ``imsmanifest.xml`` lists the SCOs and every file.

The cmi5 package is a build of its own: its ``cmi5.xml`` makes each set an assignable
unit (AU), whose page reads the LMS's launch and sends xAPI statements to the LRS the
launch names (the engine's ``xapi`` part); it loads no SCORM code, and the SCORM
packages load none of cmi5's.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Version:
    """What differs between the two editions' manifests."""

    name: str  # in the package's file name
    namespaces: dict[str, str]
    schema_location: str
    schemaversion: str
    scormtype: str  # the attribute's spelling: scormtype (1.2), scormType (2004)


SCORM_12 = Version(
    "scorm12",
    {"": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
     "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
    "1.2", "scormtype")

SCORM_2004 = Version(
    "scorm2004",
    {"": "http://www.imsglobal.org/xsd/imscp_v1p1",
     "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
     "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
     "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
     "imsss": "http://www.imsglobal.org/xsd/imsss"},
    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd",
    "2004 4th Edition", "scormType")

VERSIONS = (SCORM_12, SCORM_2004)


@dataclass(frozen=True)
class Sco:
    id: str
    title: str
    launch: str  # the set's page, relative to the package root


def manifest(version: Version, course: str, scos: list[Sco], files: list[str],
             mastery: int) -> bytes:
    """imsmanifest.xml: one organisation with an item per SCO, a resource per SCO
    (its launch page) and one shared resource with every file of the course."""
    ns = version.namespaces
    for prefix, uri in {**ns, "xsi": XSI}.items():
        ET.register_namespace(prefix, uri)

    def tag(name: str, prefix: str = "") -> str:
        return f"{{{ns[prefix]}}}{name}"

    root = ET.Element(tag("manifest"), {"identifier": "connect-or-not", "version": "1",
                                        f"{{{XSI}}}schemaLocation": version.schema_location})
    metadata = ET.SubElement(root, tag("metadata"))
    ET.SubElement(metadata, tag("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, tag("schemaversion")).text = version.schemaversion
    organizations = ET.SubElement(root, tag("organizations"), {"default": "course"})
    organization = ET.SubElement(organizations, tag("organization"), {"identifier": "course"})
    ET.SubElement(organization, tag("title")).text = course
    for sco in scos:
        item = ET.SubElement(organization, tag("item"), {
            "identifier": f"item-{sco.id}", "identifierref": f"sco-{sco.id}"})
        ET.SubElement(item, tag("title")).text = sco.title
        if version is SCORM_12:
            ET.SubElement(item, tag("masteryscore", "adlcp")).text = str(mastery)
        else:
            sequencing = ET.SubElement(item, tag("sequencing", "imsss"))
            objectives = ET.SubElement(sequencing, tag("objectives", "imsss"))
            primary = ET.SubElement(objectives, tag("primaryObjective", "imsss"), {
                "objectiveID": f"pass-{sco.id}", "satisfiedByMeasure": "true"})
            ET.SubElement(primary, tag("minNormalizedMeasure", "imsss")).text = \
                f"{mastery / 100:g}"
    resources = ET.SubElement(root, tag("resources"))
    scormtype = tag(version.scormtype, "adlcp")
    for sco in scos:
        resource = ET.SubElement(resources, tag("resource"), {
            "identifier": f"sco-{sco.id}", "type": "webcontent", scormtype: "sco",
            "href": sco.launch})
        ET.SubElement(resource, tag("file"), {"href": sco.launch})
        ET.SubElement(resource, tag("dependency"), {"identifierref": "course-files"})
    shared = ET.SubElement(resources, tag("resource"), {
        "identifier": "course-files", "type": "webcontent", scormtype: "asset"})
    for name in files:
        ET.SubElement(shared, tag("file"), {"href": name})
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml


CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


def course_structure(course: str, title: str, description: str, lang: str,
                     scos: list[Sco], mastery: int) -> bytes:
    """cmi5.xml (cmi5 13.1): the course, and an AU per set with its launch page, the
    mastery score and moveOn (completed and passed)."""
    ET.register_namespace("", CMI5)

    def words(parent: ET.Element, name: str, text: str) -> None:
        ET.SubElement(ET.SubElement(parent, f"{{{CMI5}}}{name}"), f"{{{CMI5}}}langstring",
                      {"lang": lang}).text = text

    root = ET.Element(f"{{{CMI5}}}courseStructure")
    element = ET.SubElement(root, f"{{{CMI5}}}course", {"id": course})
    words(element, "title", title)
    words(element, "description", description or title)
    for sco in scos:
        au = ET.SubElement(root, f"{{{CMI5}}}au", {
            "id": f"{course}quiz/sets/{sco.id}/", "moveOn": "CompletedAndPassed",
            "masteryScore": f"{mastery / 100:g}", "launchMethod": "AnyWindow"})
        words(au, "title", sco.title)
        words(au, "description", sco.title)
        ET.SubElement(au, f"{{{CMI5}}}url").text = sco.launch
    ET.indent(root)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml


def package(site: Path, target: Path, manifest_xml: bytes,
            manifest_name: str = "imsmanifest.xml") -> None:
    """A zip with the manifest at its root and the built site around it. Files that
    are compressed already are stored as they are."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(manifest_name, manifest_xml)
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            name = path.relative_to(site).as_posix()
            stored = path.suffix in (".gz", ".zip", ".wasm", ".png", ".snapshot")
            archive.write(path, name, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def _build(config_file: Path, site: Path, *, cmi5: bool) -> tuple[Any, list[Sco]]:
    """The course built into ``site`` for an LMS frame; its plugin and the SCOs."""
    from mkdocs.commands.build import build  # noqa: PLC0415 - MkDocs only when building
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs.exceptions import PluginError  # noqa: PLC0415

    from ..settings import read_course_settings  # noqa: PLC0415
    from .plugin import ConnectOrNotPlugin  # noqa: PLC0415

    config = load_config(str(config_file), site_dir=str(site), use_directory_urls=False,
                         strict=True)
    plugin = config.plugins["connect-or-not"]
    if not isinstance(plugin, ConnectOrNotPlugin):
        raise PluginError(f"{config_file.name}: the connect-or-not plugin is not enabled")
    options = plugin.config
    options.offline = False  # an LMS frame has no use for a service worker
    plugin.for_lms = True  # pages load quiz-lms.js, the LMS reporting
    plugin.cmi5 = cmi5  # and quiz-xapi.js, which reads the cmi5 launch
    course = read_course_settings(config_file)
    sets = {s.id: s for s in course.sets} if course else {}
    chosen = options.scorm.sets or list(sets)
    unknown = [i for i in chosen if i not in sets]
    if unknown:
        raise PluginError(f"{config_file.name}: scorm: no quiz set "
                          f"{', '.join(map(repr, unknown))}; its sets: {', '.join(sets)}")
    if not chosen:
        raise PluginError(f"{config_file.name}: scorm needs at least one quiz set (sets:)")
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    (site / "_headers").unlink(missing_ok=True)  # for static hosts, not for an LMS
    return plugin, [Sco(i, sets[i].title, f"quiz/sets/{i}.html") for i in chosen]


def _write(target: Path, site: Path, manifest_xml: bytes, manifest_name: str) -> Path:
    partial = target.with_suffix(".zip.part")
    package(site, partial, manifest_xml, manifest_name)
    partial.replace(target)  # never a half-written package under the real name
    return target


def build_packages(config_file: Path, dist: Path) -> list[Path]:
    """Build the course for an LMS and write the three packages to ``dist``."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        plugin, scos = _build(config_file, site, cmi5=False)
        options = plugin.config
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        dist.mkdir(parents=True, exist_ok=True)
        written = [_write(dist / f"connect-or-not-{version.name}.zip", site,
                          manifest(version, plugin.site_name, scos, files,
                                   options.scorm.mastery_score), "imsmanifest.xml")
                   for version in VERSIONS]
        cmi5_site = Path(folder) / "cmi5"
        plugin, scos = _build(config_file, cmi5_site, cmi5=True)
        records = plugin.records
        structure = course_structure(
            records["course"], plugin.site_name, plugin.site_description,
            plugin.lang, scos, options.scorm.mastery_score)
        written.append(_write(dist / "connect-or-not-cmi5.zip", cmi5_site, structure,
                              "cmi5.xml"))
        return written


def main(argv: list[str]) -> int:
    from mkdocs.exceptions import MkDocsException  # noqa: PLC0415

    config_file = Path(argv[0] if argv else "mkdocs.yml")
    dist = Path(argv[1] if len(argv) > 1 else "dist")
    try:
        written = build_packages(config_file, dist)
    except MkDocsException as error:
        print(f"make scorm: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"make scorm: cannot write the packages in {dist} ({error.strerror or error}); "
              "make it writable, or name another folder: python -m "
              "connect_or_not.mkdocs_plugin.scorm mkdocs.yml <folder>", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
