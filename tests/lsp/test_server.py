"""`gatelint server` driven by pytest-lsp, a client library we did not write, against the built
binary (`GATELINT`), as VS Code (UTF-16) and Neovim 0.11 (which offers UTF-8) would drive it.

Each card under fixtures/ is opened as README.md; its diagnostics must be `gatelint check
--format json`'s findings at the same places, its `source.fixAll.gatelint` action must give what
`gatelint check --fix -` prints, and each quick fix must carry the edits of check's `fix`.

Run by tests/server.rs (`pytest_lsp_end_to_end`), with the tools of
tests/support/requirements.txt.
"""

import json
import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

GATELINT = os.environ["GATELINT"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
CARDS = sorted((ROOT / "fixtures").rglob("*.md"))

ACCENTS = (
    "---\nextra_gated_fields:\n  Pays 🇫🇷 é: countries\n  \"🤗 ok\": checkbox\n"
    "extra_gated_eu_disallowed: yes\n---\n"
)


def utf8_cards():
    out = []
    for path in CARDS:
        try:
            out.append((path.relative_to(ROOT).as_posix(), path.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            pass  # an editor would not hold it as it is
    out.append(("accents", ACCENTS))
    return out


@pytest_lsp.fixture(
    params=["visual-studio-code", "neovim"],
    config=ClientServerConfig(server_command=[GATELINT, "server"]),
)
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    lsp_client.root = root

    # The server asks to watch `.gatelint.toml` when the client allows dynamic registration
    # (VS Code does); pytest-lsp's client has no handler of its own for that request.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params):
        return None

    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        root_uri=root.as_uri(),
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.utf8 = result.capabilities.position_encoding == "utf-8"
    yield
    await lsp_client.shutdown_session()


def check_json(text):
    out = subprocess.run(
        [GATELINT, "check", "--no-config", "--format", "json", "--stdin-filename", "README.md", "-"],
        input=text.encode(), capture_output=True, check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def check_fix(text):
    out = subprocess.run(
        [GATELINT, "check", "--no-config", "--fix", "--stdin-filename", "README.md", "-"],
        input=text.encode(), capture_output=True, check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    return out.stdout.decode()


def lines_of(text):
    """Lines as LSP breaks them: at \\n, \\r\\n and a lone \\r."""
    out, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\n" or text[i] == "\r":
            end = i
            if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
                i += 1
            out.append(text[start:end])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def to_lsp(text, pos, utf8):
    """check's 1-based line and character column → an LSP position."""
    line = lines_of(text)[pos["line"] - 1]
    before = line[: pos["column"] - 1]
    units = len(before.encode("utf-8")) if utf8 else len(before.encode("utf-16-le")) // 2
    return {"line": pos["line"] - 1, "character": units}


def to_offset(text, pos, utf8):
    """An LSP position → a character index into `text`."""
    lines = lines_of(text)
    index = 0
    for n in range(pos.line):
        index += len(lines[n])
        index += 2 if text[index : index + 2] == "\r\n" else 1
    line, units, chars = lines[pos.line], 0, 0
    while chars < len(line) and units < pos.character:
        c = line[chars]
        units += len(c.encode("utf-8")) if utf8 else len(c.encode("utf-16-le")) // 2
        chars += 1
    return index + chars


def apply(text, edits, utf8):
    spans = sorted(
        ((to_offset(text, e.range.start, utf8), to_offset(text, e.range.end, utf8), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def open_card(client, text):
    # A folder of its own for each card, so that the clearing of the card closed before it is
    # never taken for its diagnostics.
    client.cards = getattr(client, "cards", 0) + 1
    folder = client.root / str(client.cards)
    folder.mkdir()
    uri = (folder / "README.md").as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def close(client, uri):
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


@pytest.mark.asyncio
async def test_diagnostics_are_checks_findings_at_the_same_places(client: LanguageClient):
    compared = 0
    for name, text in utf8_cards():
        uri = await open_card(client, text)
        got = client.diagnostics[uri]
        want = check_json(text)
        assert len(got) == len(want), name
        for d, f in zip(got, want):
            assert d.code == f["rule"], name
            assert d.message.startswith(f["message"]), name
            assert d.source == "gatelint"
            assert d.code_description.href.endswith(f"/docs/rules/{f['rule']}.md")
            severity = {"error": 1, "warning": 2, "info": 3}[f["severity"]]
            assert d.severity == severity
            if f["help"]:
                assert d.message.endswith("help: " + f["help"]), name
            start = to_lsp(text, f["start"], client.utf8)
            end = to_lsp(text, f["end"], client.utf8)
            assert (d.range.start.line, d.range.start.character) == (start["line"], start["character"]), name
            assert (d.range.end.line, d.range.end.character) == (end["line"], end["character"]), name
            compared += 1
        close(client, uri)
    assert compared > 50


@pytest.mark.asyncio
async def test_fix_all_is_check_fix_and_quick_fixes_are_its_edits(client: LanguageClient):
    fixed = 0
    for name, text in utf8_cards():
        uri = await open_card(client, text)
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(lines_of(text)), character=0))
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=whole,
                context=types.CodeActionContext(diagnostics=list(client.diagnostics[uri])),
            )
        ) or []
        want = check_fix(text)
        fix_all = [a for a in actions if a.kind == "source.fixAll.gatelint"]
        if want != text:
            assert len(fix_all) == 1, name
            assert apply(text, fix_all[0].edit.changes[uri], client.utf8) == want, name
            fixed += 1
        else:
            assert fix_all == [], name
        quick = [a for a in actions if a.kind == "quickfix"]
        findings = [f for f in check_json(text) if f["fix"]]
        blocked = any(f["rule"] in ("yaml-syntax-error", "duplicate-key") for f in check_json(text))
        assert len(quick) == (0 if blocked else len(findings)), name
        for action, finding in zip(quick, findings):
            assert action.title == finding["fix"]["description"]
            assert action.diagnostics[0].code == finding["rule"]
            edits = sorted(action.edit.changes[uri], key=lambda e: (e.range.start.line, e.range.start.character))
            want_edits = sorted(finding["fix"]["edits"], key=lambda e: (e["start"]["line"], e["start"]["column"]))
            assert len(edits) == len(want_edits)
            for e, w in zip(edits, want_edits):
                start = to_lsp(text, w["start"], client.utf8)
                assert (e.range.start.line, e.range.start.character) == (start["line"], start["character"]), name
                crlf = "\r\n" in text.split("\n", 1)[0] + "\n" if "\n" in text else False
                replacement = w["replacement"].replace("\r\n", "\n")
                assert e.new_text == (replacement.replace("\n", "\r\n") if crlf else replacement), name
        close(client, uri)
    assert fixed >= 5


@pytest.mark.asyncio
async def test_hover_and_completion(client: LanguageClient):
    uri = await open_card(client, ACCENTS)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=3))
    )
    assert "blocks users in the eu" in hover.contents.value.lower()
    d = client.diagnostics[uri][0]
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)
    )
    assert "unknown-field-type" in hover.contents.value
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=0))
    )
    labels = [i.label for i in completion.items]
    assert "extra_gated_prompt" in labels and "extra_gated_fields" not in labels


@pytest.mark.asyncio
async def test_a_change_is_relinted_and_close_clears(client: LanguageClient):
    uri = await open_card(client, ACCENTS)
    assert len(client.diagnostics[uri]) == 2
    d = client.diagnostics[uri][1]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=d.range, text="true")],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [x.code for x in client.diagnostics[uri]] == ["unknown-field-type"]
    close(client, uri)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert len(client.diagnostics[uri]) == 0


@pytest.mark.asyncio
async def test_unknown_methods_are_answered_and_the_server_goes_on(client: LanguageClient):
    with pytest.raises(Exception) as error:
        await client.protocol.send_request_async("gatelint/noSuchMethod", {})
    assert "-32601" in str(error.value) or "unknown method" in str(error.value)
    uri = await open_card(client, ACCENTS)
    assert len(client.diagnostics[uri]) == 2
