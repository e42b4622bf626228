"""Pelican wiring for the explainer pages: data checks at start, components and source notes in pages,
reading grades, and Open Graph images after the site is written.

In a language edition the data files' words come from their NAME.LANG.toml (data/explainer/coverage.es.toml...),
and the clock's times and sentences from the edition's Text (localization.plugin.edition_text).
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import replace
from pathlib import Path

from pelican import signals

from campaign import of as campaign_of
from localization.editions import editions_of
from localization.plugin import edition_text
from localization.text import default_word as _  # marks default words for the catalog
from content_checks.fields import Field, register_field
from content_checks.header import read_header
from content_checks.plugin import register_check
from content_checks.problems import Problem, add
from incremental.files import produced, write_if_changed
from sources.links import is_web_address
from sources.textfiles import UnreadableFile, read_text_file
from content_checks.tables import check_table_keys

from . import beatmap, cache, ogimage, reading
from .clock import WORDS as CLOCK_WORDS
from .clock import describe, load_coverage
from .cost import GAP, compute_rows, dollars, load_cost_model
from .ogimage import draw_card
from .share import share_links
from .sources import check_citations, load_sources, number_citations
from sources.problems import shown_path
from localization.data import in_language
from sources.tomlfile import read_toml

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    # Empty: the campaign's data/explainer/ folder.
    "EXPLAINER_DATA_DIR": "",
    "EXPLAINER_MAX_GRADE": 8.0,
    "EXPLAINER_MIN_EASE_ES": 65.0,
    "EXPLAINER_MAP_WIDTH": 640,
    "EXPLAINER_MAP_TOLERANCE": 60.0,
    "EXPLAINER_FONT": str(ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf"),
    "EXPLAINER_SHARE_IMAGE_PATH": "images/share",
}
COMPONENTS = ("coverage-clock", "beat-map", "cost-model", "source-notes")
_PLACEHOLDER = re.compile(r"^\[\[([a-z0-9-]+)\]\]\s*$", re.M)
_RENDERED_PLACEHOLDER = re.compile(r"<p>\[\[([a-z0-9-]+)\]\]</p>")

register_field(Field("Explainer", "yes makes a page an explainer: the build checks its reading grade and adds source notes and share links.", "yes", frozenset({"page"}), form="yesno"))
register_field(Field("Share_headline", "The big words on the picture shown when someone shares the page: its key number or ask.", "6 hours a night with no crisis response", frozenset({"page"})))
register_field(Field("Share_detail", "One short line under the share headline.", "Ask the City Council to fund it.", frozenset({"page"})))

MAP_TEXT_ID = "hs-map-text"
# data/explainer/map.toml: the GeoJSON, how its areas are numbered and grouped, the projection, and its words.
MAP_REQUIRED = ("geojson", "area_key", "group_key", "projection")
MAP_OPTIONAL = ("outside_group", "words")
MAP_WORDS = {
    "title": _("Map of the city's areas"),
    "image_title": _("Map of the city's areas"),
    "area": _("Area"),
    "city": _("City areas"),
    "outside": _("Outside the city"),
    "summary": _("The map shows {count} city areas in {districts} districts."),
    "outside_list": _("Outside the city ({code}): marked as area {beats} on the map."),
    "served": _("Served"),
    "served_list": _("Areas served: {beats}."),
    "served_unknown": _("No source we found lists the areas served, so the map does not mark them."),
    "provenance": "",
    "provenance_source": "",
}

# What the start-of-build check loaded, for the page phase of the same build.
_state: dict = {}
# The share pictures each build plans, by its output folder. Not in _state: pelican-i18n-subsites builds a
# language edition from inside the main build (after the main build's pages are prepared, before they are
# written), and that edition's start-of-build check replaces _state; the main build draws its own cards after.
_share_cards: dict[str, list] = {}


def fill(template: str, **values) -> str:
    """A campaign's sentence with {count}, {beats}... filled in; a name it does not know is left as written."""
    return re.sub(r"\{([a-z_]+)\}", lambda match: str(values.get(match[1], match[0])), template)


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def _shown(path: Path, root: Path | None = None) -> str:
    """The path as organizers know it: from the campaign folder (the content folder's parent)."""
    return shown_path(path, root.resolve().parent if root else None)


def check_and_load(settings) -> list[Problem]:
    """Load and check every explainer data file and every page's placeholders; all problems at once."""
    _state.clear()
    data_dir = Path(_setting(settings, "EXPLAINER_DATA_DIR") or campaign_of(settings).data_file("explainer"))
    problems: list[Problem] = []
    edition = editions_of(settings)
    lang = None if edition.is_main else edition.current  # words from NAME.LANG.toml in a language edition
    # Each block is switched on by its data file; a campaign without data/explainer/ has none of them.
    sources = {}
    if (data_dir / "sources.toml").exists():
        sources, found = load_sources(data_dir / "sources.toml", _shown(data_dir / "sources.toml"), lang)
        problems += found
    coverage = model = beat_map = None
    served, served_source = set(), {}
    if (data_dir / "coverage.toml").exists():
        coverage, found = load_coverage(data_dir / "coverage.toml", _shown(data_dir / "coverage.toml"), set(sources), lang)
        problems += found
    if (data_dir / "cost.toml").exists():
        model, found = load_cost_model(data_dir / "cost.toml", _shown(data_dir / "cost.toml"), set(sources), lang)
        problems += found
    map_config = None
    if (data_dir / "map.toml").exists():
        served, served_source, found = _load_served(data_dir / "beats-served.toml")
        problems += found
        map_config, found = _load_map(data_dir / "map.toml", lang)
        problems += found
    if lang:
        # A default word the campaign did not replace, in the edition's language (the theme catalog's).
        text = edition_text(settings)
        if coverage:
            coverage = replace(coverage, words=tuple((key, text._(value) if value and value == CLOCK_WORDS.get(key)
                                                      else value) for key, value in coverage.words))
        if map_config:
            map_config["words"] = {key: text._(value) if value and value == MAP_WORDS.get(key) else value
                                   for key, value in map_config["words"].items()}
    if map_config:
        beats_path = campaign_of(settings).data_file(map_config["geojson"])
        try:
            beat_map = _beat_map(settings, beats_path, served, map_config)
        except (OSError, ValueError, KeyError, TypeError) as error:
            problems.append(Problem(_shown(beats_path), None, "", f"cannot be read as the map's areas: {error}.",
                                    "Restore the file from git, or export the layer again as GeoJSON with the "
                                    f"{map_config['area_key']} and {map_config['group_key']} properties (map.toml)."))
        beats = beat_map["beats"] if beat_map else []
        known = {beat["number"] for beat in beats}
        for number in sorted(served - known) if beats else []:
            problems.append(Problem(_shown(data_dir / "beats-served.toml"), None, "beats",
                                    f"{number} is not a beat in {_shown(beats_path)}.",
                                    f"Use {map_config['area_key']} numbers from that file, like beats = [111, 112]."))
    content = Path(settings["PATH"])
    available = {"coverage-clock": coverage is not None, "beat-map": beat_map is not None,
                 "cost-model": model is not None and coverage is not None, "source-notes": True}
    needs = {"coverage-clock": "coverage.toml", "beat-map": "map.toml", "cost-model": "cost.toml and coverage.toml",
             "source-notes": "sources.toml"}
    for path in sorted((content / "pages").rglob("*.md")) if (content / "pages").exists() else []:
        problems += _check_page_text(path, _shown(path, content), sources, available, needs, _shown(data_dir))
    _state.update(sources=sources, coverage=coverage, model=model, served=served, served_source=served_source,
                  beat_map=beat_map, map_config=map_config)
    return problems


def _cached_grade(settings, text: str) -> float:
    """The page's reading grade, remembered by its text: loading the syllable dictionary costs most of a warm build."""
    name = cache.key(text, cache.source_of(reading.__file__), "grade") + ".txt"
    remembered = cache.read(_cache_folder(settings), name)
    if remembered:
        return float(remembered)
    grade = reading.grade(text)
    cache.write(_cache_folder(settings), name, str(grade).encode("ascii"))
    return grade


def _cache_folder(settings) -> Path:
    return Path(settings.get("CACHE_PATH") or "cache") / "explainer"


def _load_map(path: Path, lang: str | None = None) -> tuple[dict | None, list[Problem]]:
    """map.toml, checked: its keys, and its [words] over the plain defaults (with `lang`, map.LANG.toml's)."""
    shown = _shown(path)
    file, problems = read_toml(path, shown, 'status = "none"', required=True)
    problems += in_language(file, path, shown, lang)
    if file is None:
        return None, problems
    problems += check_table_keys(shown, None, file.data, "map setting", "map.toml", MAP_REQUIRED, MAP_OPTIONAL)
    problems = [Problem(p.path, file.line("", None, p.field) or None, p.field, p.what, p.fix) for p in problems]
    words = file.data.get("words", {})
    problems += check_table_keys(shown, file.line("words"), words, "word", "words", (), tuple(MAP_WORDS))
    if problems:
        return None, problems
    config = {key: str(file.data.get(key, "")) for key in MAP_REQUIRED + ("outside_group",)}
    config["words"] = {**MAP_WORDS, **{key: str(value) for key, value in words.items()}}
    return config, []


def _beat_map(settings, beats_path: Path, served: set[int], config: dict) -> dict:
    """The map SVG and its beats (number, district, kind), from the cache when nothing it depends on changed."""
    import json

    width = int(_setting(settings, "EXPLAINER_MAP_WIDTH"))
    tolerance = float(_setting(settings, "EXPLAINER_MAP_TOLERANCE"))
    words = config["words"]
    name = cache.key(beats_path.read_bytes(), cache.source_of(beatmap.__file__), str(width), str(tolerance),
                     ",".join(map(str, sorted(served))), MAP_TEXT_ID,
                     repr(sorted((key, value) for key, value in config.items() if key != "words")),
                     words["image_title"], words["area"]) + ".json"
    cached = cache.read(_cache_folder(settings), name)
    if cached:
        return json.loads(cached)
    beats = _beat_shapes(beats_path, config, tolerance)
    result = {
        "svg": beatmap.map_svg(beats, served, words["image_title"], MAP_TEXT_ID, width, words["area"]),
        "beats": [{"number": beat.number, "district": beat.district, "kind": beatmap.beat_kind(beat, served)}
                  for beat in beats],
    }
    cache.write(_cache_folder(settings), name, json.dumps(result).encode("utf-8"))
    return result


_shapes: dict = {}


def _beat_shapes(beats_path: Path, config: dict, tolerance: float):
    """The beats dissolved, projected and simplified: the same for every language edition of one build (only the
    map's words differ), so worked out once per process for the same file, settings and code."""
    key = (cache.key(beats_path.read_bytes(), cache.source_of(beatmap.__file__)), config["area_key"],
           config["group_key"], config["outside_group"], config["projection"], tolerance)
    if key not in _shapes:
        features = beatmap.read_features(beats_path)
        dissolved = beatmap.dissolve_beats(features, config["area_key"], config["group_key"], config["outside_group"])
        _shapes.clear()
        _shapes[key] = beatmap.simplify_beats(beatmap.project_beats(dissolved, config["projection"]), tolerance)
    return _shapes[key]


def _load_served(path: Path) -> tuple[set[int], dict, list[Problem]]:
    shown = _shown(path)
    file, problems = read_toml(path, shown, 'status = "none"', required=True)
    if file is None:
        return set(), {}, problems
    beats = file.data.get("beats", [])
    if not isinstance(beats, list) or not all(isinstance(beat, int) and not isinstance(beat, bool) for beat in beats):
        return set(), {}, [Problem(shown, file.line("", None, "beats"), "beats", "must be a list of beat numbers.",
                                   "Write it like beats = [111, 112, 113], or beats = [] when no source lists them.")]
    source = {"url": str(file.data.get("source", "")), "name": str(file.data.get("source_name", ""))}
    if beats and not (is_web_address(source["url"]) and source["name"]):
        return set(), {}, [Problem(shown, file.line("", None, "source") or file.line("", None, "beats"), "source",
                                   "is needed when beats are listed: which source says these beats were served?",
                                   'Add source = "https://..." and source_name = "...". Never guess a beat.')]
    return set(beats), source, []


def _check_page_text(path: Path, shown: str, sources, available: dict, needs: dict, data_dir: str) -> list[Problem]:
    try:
        text = read_text_file(path, shown)
    except UnreadableFile:
        return []  # content_checks reports the file
    document = read_header(text)
    first = document.body_first_line - 1
    problems = check_citations(document.body, sources, shown, first)
    for match in _PLACEHOLDER.finditer(document.body):
        if match[1] not in COMPONENTS:
            line = document.body.count("\n", 0, match.start()) + 1 + first
            problems.append(Problem(shown, line, match[0].strip(), "is not a part the site can draw.",
                                    "Use one of: " + ", ".join(f"[[{name}]]" for name in COMPONENTS) + "."))
        elif not available[match[1]]:
            line = document.body.count("\n", 0, match.start()) + 1 + first
            problems.append(Problem(shown, line, match[0].strip(), "cannot be drawn: this campaign has no data for it.",
                                    f"Add {needs[match[1]]} to {data_dir}/, or remove the line."))
    return problems


def _is_yes(value) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "1")


def _components(generator):
    env = generator.env
    return env.get_template("components/explainer.html").make_module(dict(generator.context))


def _render_part(name: str, page, generator, macros) -> str:
    settings = generator.settings
    coverage, model = _state.get("coverage"), _state.get("model")
    if name == "coverage-clock" and coverage:
        from .clock import clock_svg
        description_id = "hs-clock-text"
        text = edition_text(settings)
        svg = clock_svg(coverage, coverage.word("image_title"), description_id, text=text)
        return str(macros.coverage_clock(svg=svg, sentences=describe(coverage, text), coverage=coverage,
                                         description_id=description_id))
    if name == "beat-map" and _state.get("beat_map"):
        beat_map = _state["beat_map"]
        groups: dict[str, list[int]] = {}
        districts: dict[str, list[int]] = {}
        for beat in beat_map["beats"]:
            groups.setdefault(beat["kind"], []).append(beat["number"])
            config = _state["map_config"]
            if beat["district"] != config["outside_group"]:
                districts.setdefault(beat["district"], []).append(beat["number"])
        return str(macros.beat_map(svg=beat_map["svg"], groups=groups, districts=districts,
                                   served_source=_state["served_source"], description_id=MAP_TEXT_ID,
                                   outside=config["outside_group"], words=config["words"], fill=fill))
    if name == "cost-model" and model and coverage:
        rows = compute_rows(model, coverage.hours("none"))
        return str(macros.cost_model(model=model, rows=rows, dollars=dollars, gap=GAP,
                                     no_response_hours=coverage.hours("none"), cost_row=coverage.word("cost_row")))
    return ""


def prepare_pages(generator) -> None:
    """Draw components into pages, number their sources, check reading grades and plan share images."""
    if not _state:
        return
    settings = generator.settings
    macros = _components(generator)
    max_grade = float(_setting(settings, "EXPLAINER_MAX_GRADE"))
    min_ease = float(_setting(settings, "EXPLAINER_MIN_EASE_ES"))
    spanish_report = []
    cards = _share_cards[str(settings["OUTPUT_PATH"])] = []
    image_path = _setting(settings, "EXPLAINER_SHARE_IMAGE_PATH").strip("/")
    pages = list(generator.pages) + list(generator.hidden_pages) + list(getattr(generator, "translations", []))
    report = []
    edition_lang = settings.get("DEFAULT_LANG", "en")
    for page in pages:
        if getattr(page, "lang", edition_lang) != edition_lang:
            continue  # drawn, measured and shared in its own language's edition (a note page here)
        html = page._content
        explainer = _is_yes(page.metadata.get("explainer"))
        if not explainer and "[src:" not in html and "[[" not in html:
            continue

        def part(match, page=page):
            return _render_part(match[1], page, generator, macros) or match[0]

        html = _RENDERED_PLACEHOLDER.sub(lambda match: "[[source-notes]]" if match[1] == "source-notes" else part(match), html)
        html, notes = number_citations(html, _state["sources"], label=edition_text(settings)._("Source %(number)s"))
        page.source_notes = notes
        if "[[source-notes]]" in html:
            html = html.replace("[[source-notes]]", str(macros.source_notes(notes=notes)))
            page.source_notes_placed = True
        page._content = html
        if explainer and getattr(page, "lang", "en") == "es":
            # Flesch-Kincaid is for English; Spanish has its own formula (Szigriszt-Pazos, INFLESZ scale).
            text = reading.prose(f"<h1>{page.title}</h1>" + html)
            ease = reading.spanish_ease(text)
            shown = _shown(Path(page.source_path), Path(settings["PATH"]))
            spanish_report.append((shown, ease))
            if ease < min_ease:
                add(Problem(shown, None, "", f"reads at {ease} on the Szigriszt-Pazos scale; Spanish explainer pages "
                            f"must reach {min_ease:g} or more (INFLESZ \"bastante fácil\").",
                            "Use shorter sentences and shorter words (frases más cortas, palabras más sencillas)."))
            page.reading_ease = ease
            url = f"{settings['SITEURL']}/{page.url}"
            page.share_links = share_links(url, page.title, page.metadata.get("share_headline") or page.title)
        elif explainer and getattr(page, "lang", "en") != "en":
            report.append((_shown(Path(page.source_path), Path(settings["PATH"])), None))
        elif explainer:
            text = reading.prose(f"<h1>{page.title}</h1>" + html)
            grade = _cached_grade(settings, text)
            shown = _shown(Path(page.source_path), Path(settings["PATH"]))
            report.append((shown, grade))
            if grade > max_grade:
                hardest = "; ".join(f'"{sentence[:90]}" (grade {score})' for score, sentence in reading.hardest_sentences(text))
                add(Problem(shown, None, "", f"reads at grade {grade}; explainer pages must be at grade {max_grade:g} or below.",
                            f"Use shorter sentences and shorter words. Hardest sentences: {hardest}."))
            page.reading_grade = grade
            url = f"{settings['SITEURL']}/{page.url}"
            page.share_links = share_links(url, page.title, page.metadata.get("share_headline") or page.title)
        headline = page.metadata.get("share_headline")
        if headline:
            page.og_image = f"{image_path}/{page.slug}.png"
            cards.append((page.og_image, headline, page.metadata.get("share_detail", "")))
    if report:
        print(f"Reading grade (Flesch-Kincaid), explainer pages must be {max_grade:g} or below:")
        for shown, grade in sorted(report, key=lambda item: item[0]):
            if grade is None:
                print(f"   -    not measured (not English)  {shown}")
                continue
            verdict = "ok" if grade <= max_grade else "TOO HARD"
            print(f"  {grade:4.1f}  {verdict:8}  {shown}")
        sys.stdout.flush()
    if spanish_report:
        print(f"Reading ease (Szigriszt-Pazos, INFLESZ), Spanish explainer pages must be {min_ease:g} or above:")
        for shown, ease in sorted(spanish_report):
            print(f"  {ease:5.1f}  {'ok' if ease >= min_ease else 'TOO HARD':8}  {shown}")
        sys.stdout.flush()
    # The picture for pages without their own Share_headline (home, updates, ...): the campaign's tagline.
    default = campaign_of(settings).tagline
    if default:
        generator.context["DEFAULT_OG_IMAGE"] = f"{image_path}/site.png"
        cards.append((f"{image_path}/site.png", default, ""))


def draw_share_images(pelican) -> None:
    """Write the planned Open Graph pictures into the built site."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    font = Path(_setting(settings, "EXPLAINER_FONT"))
    font_bytes = font.read_bytes()
    code = cache.source_of(ogimage.__file__)
    folder = _cache_folder(settings) / "share"
    for relative, headline, detail in _share_cards.get(str(settings["OUTPUT_PATH"]), []):
        name = cache.key(headline, detail, settings["SITENAME"], font_bytes, code) + ".png"
        target = output / relative
        picture = cache.read(folder, name)
        if picture is None:
            draw_card(headline, detail, settings["SITENAME"], font, target)
            produced.add(target, changed=True)
            cache.write(folder, name, target.read_bytes())
        else:
            write_if_changed(target, picture)


def register():
    register_check(check_and_load)
    signals.page_generator_finalized.connect(prepare_pages)
    signals.finalized.connect(draw_share_images)
