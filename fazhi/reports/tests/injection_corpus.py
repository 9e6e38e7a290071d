"""Known Jinja template-injection payloads, and Word files that carry them, for every point where
a user hands fazhi a document template (today the annual report's template upload; reuse this
for any template upload added later).

Each payload is what an attacker types into a paragraph of a .docx (docxtpl turns Word's curly
quotes into straight ones, so they work as typed). COMMAND stands for the shell command a
payload would run: tests replace it with one that writes a canary file, so a payload that ran
leaves a trace even where its output is not shown.
"""

import io

from docx import Document

COMMAND = "COMMAND"

PAYLOADS = {
    # The globals of Jinja's own helpers: os, sys, builtins.
    "lipsum_globals_os": '{{ lipsum.__globals__["os"].popen("COMMAND").read() }}',
    "lipsum_globals_dotted": "{{ lipsum.__globals__.os.popen('COMMAND').read() }}",
    "lipsum_builtins_import": (
        "{{ lipsum.__globals__.__builtins__.__import__('os').popen('COMMAND').read() }}"
    ),
    "cycler_init_globals": "{{ cycler.__init__.__globals__.os.popen('COMMAND').read() }}",
    "joiner_init_globals": "{{ joiner.__init__.__globals__.os.popen('COMMAND').read() }}",
    "namespace_init_globals": "{{ namespace.__init__.__globals__.os.popen('COMMAND').read() }}",
    "lipsum_call": "{{ lipsum(100, False, 1000000, 1000000) }}",
    "namespace_call": "{% set ns = namespace(x=lipsum) %}{{ ns.x }}",
    "dict_global": "{{ dict(a=lipsum) }}",
    # The functions the report gives its template: v and prose (bound methods today).
    "v_globals": "{{ v.__globals__ }}",
    "v_func_globals_os": '{{ v.__func__.__globals__["os"].popen("COMMAND").read() }}',
    "v_func_globals_settings": (
        '{{ v.__func__.__globals__["INDICATORS"].__class__.__init__.__globals__ }}'
    ),
    "v_self": "{{ v.__self__.values }}",
    "v_self_dict": "{{ v.__self__.__dict__ }}",
    "v_call_self": "{{ v.__call__.__self__ }}",
    "v_item_globals": '{{ v["__globals__"] }}',
    "v_as_value": "{{ v }}",
    "prose_func_globals": '{{ prose.__func__.__globals__["split_paragraphs"].__globals__ }}',
    "prose_self": "{{ prose.__self__.prose }}",
    "v_result_class": '{{ v("publicity.articles").__class__.__mro__ }}',
    "prose_result_mutation": '{{ prose("opening").append(lipsum) }}',
    # Climbing from a literal to every class in the process.
    "str_mro_subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "tuple_base_subclasses": "{{ ().__class__.__base__.__subclasses__() }}",
    "subclass_popen": (
        "{{ ''.__class__.__mro__[1].__subclasses__()[200].__init__.__globals__"
        "['sys'].modules['os'].popen('COMMAND').read() }}"
    ),
    "escaped_underscores": '{{ ""["\\x5f\\x5fclass\\x5f\\x5f"] }}',
    "value_class": "{{ unit_name.__class__.__base__ }}",
    "date_class": "{{ sign_date.__class__.__mro__ }}",
    # Filters and format strings that reach attributes by name.
    "attr_filter": '{{ unit_name|attr("__class__") }}',
    "attr_filter_chain": '{{ ""|attr("__class__")|attr("__mro__") }}',
    "map_attribute": '{{ [unit_name]|map(attribute="__class__")|list }}',
    "percent_format_filter": '{{ "%s"|format(v) }}',
    "str_format_method": '{{ "{0.__class__}".format(unit_name) }}',
    "str_format_globals": '{{ "{0.__func__.__globals__}".format(v) }}',
    "format_map": '{{ "{x.__class__}".format_map({"x": v}) }}',
    # The template's own machinery and framework objects.
    "self": "{{ self }}",
    "self_context": "{{ self._TemplateReference__context }}",
    "self_init_globals": "{{ self.__init__.__globals__ }}",
    "config": "{{ config }}",
    "config_globals": "{{ config.__class__.__init__.__globals__['os'].popen('COMMAND').read() }}",
    "request": "{{ request }}",
    "request_application": "{{ request.application.__globals__.__builtins__ }}",
    "settings": "{{ settings.SECRET_KEY }}",
    "loop_cycle": '{%p for p in prose("opening") %}{{ loop.cycle.__globals__ }}{%p endfor %}',
    "loop_class": '{%p for p in prose("opening") %}{{ loop.__class__ }}{%p endfor %}',
    # Statements that define, import or include.
    "set_statement": "{% set x = v %}{{ x }}",
    "macro": "{% macro m() %}{{ lipsum }}{% endmacro %}{{ m() }}",
    "include": '{% include "/etc/passwd" %}',
    "import": '{% import "os" as os %}',
    "extends": '{% extends "base.html" %}',
    "with": "{% with a = lipsum %}{{ a }}{% endwith %}",
    "filter_block": "{% filter upper %}{{ unit_name }}{% endfilter %}",
    # Resource exhaustion: a gigabyte of text, a huge number, a loop in a loop.
    "range": "{% for i in range(10**9) %}{{ i }}{% endfor %}",
    "string_times": '{{ "a" * 1000000000 }}',
    "power": "{{ 10 ** 10 ** 10 }}",
    "percent_width": '{{ "%999999999d" % 1 }}',
    "center_filter": "{{ unit_name|center(1000000000) }}",
    "ljust_method": "{{ unit_name.ljust(1000000000) }}",
    "strftime_method": '{{ sign_date.strftime("%Y" * 100000000) }}',
    "nested_loops": (
        '{% for a in prose("opening") %}{% for b in prose("opening") %}'
        "{{ b }}{% endfor %}{% endfor %}"
    ),
    "recursive_loop": '{% for a in prose("opening") recursive %}{{ loop(a) }}{% endfor %}',
    "huge_precision": '{{ v("publicity.articles")|pct(1000000000) }}',
    "arithmetic_probe": "{{ 7*7 }}",
}


def docx_with(*paragraphs: str, title: str = "", header: str = "") -> bytes:
    """A real Word file (python-docx) whose body holds `paragraphs`; optionally a payload in the
    document's title property or its page header, which docxtpl renders too."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if title:
        doc.core_properties.title = title
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def armed(payload: str, canary) -> str:
    """The payload with its command writing the canary file: if it ever runs, the file exists."""
    return payload.replace(COMMAND, f"id > {canary}")
