"""The import page's edge: the import package's calls on the app's connection, the check of an
uploaded file cached per file, choices and data version, the templates to download, and the
session keys of the upload flow."""
from __future__ import annotations

import streamlit as st

from data import imports as importer
from data.authority import Forbidden
from data.imports.limits import korean_lines
from data.imports.prepare import file_hash
from data.formats import CARD_KIND, IMPORT_FORMATS, KIND_LABELS
from data.templates import card_template, template_csv, template_name, template_xlsx
from ui import auth, store

ImportRefused = importer.ImportRefused
Refused = (importer.ImportRefused, Forbidden)    # what the page shows as one Korean line
SUMMARY, GENERATION, PREPARED = "import_summary", "import_generation", "_import_prepared"
UNREADABLE = "파일을 읽을 수 없습니다 — 형식이 손상되었거나 지원하지 않는 파일입니다. 양식(템플릿)에 맞춘 CSV·XLSX·카드 YAML을 올리세요"
FAILED = "처리하지 못했습니다 — 저장된 것은 없습니다. 다시 시도하거나 관리자에게 알리세요"

__all__ = ["CARD_KIND", "IMPORT_FORMATS", "KIND_LABELS", "ImportRefused", "Refused", "card_template", "template_csv",
           "template_name", "template_xlsx", "prepare", "commit", "undo", "import_log", "import_warnings",
           "upload_key", "progress", "done", "notice", "pop_notice", "korean_lines", "checked", "FAILED"]


def upload_key() -> str:
    """The file uploader's key: a new one after each import, so the uploader starts empty."""
    return f"import_file_{st.session_state.get(GENERATION, 0)}"


def prepare(file_id: str, data: bytes, name: str, **args):
    """The check of an uploaded file, run once per file, choices and data version (a big file is
    not re-read on every click)."""
    cache_key = (file_id, tuple(sorted(args.items())), store.data_version())
    cached = st.session_state.get(PREPARED)
    if cached and cached[0] == cache_key:
        return cached[1]
    with st.spinner("파일을 읽고 검사하는 중…"):
        prepared = checked(data, name, **args)
    st.session_state[PREPARED] = (cache_key, prepared)
    return prepared


def checked(data: bytes, name: str, **args):
    """importer.prepare, with a Korean refusal in place of any exception (no exception type or
    traceback ever reaches the person uploading)."""
    try:
        return importer.prepare(store.connection(), data, name, **args)
    except Exception:  # noqa: BLE001 — the page shows a Korean line, never a traceback
        prepared = importer.Prepared(file_name=name, file_hash=file_hash(data))
        prepared.add("error", "read", UNREADABLE)
        return prepared


def progress(bar):
    """A progress callback for importer.commit drawing on a st.progress bar."""
    return lambda fraction, text: bar.progress(min(fraction, 1.0), text=text)


def commit(prepared, bar):
    """Write a checked file (one transaction) as the signed-in actor; ImportRefused when the store
    refuses it, Forbidden when the actor may not import it (department scope, role)."""
    return importer.commit(store.connection(), prepared, auth.actor(), progress=progress(bar))


def done(message: str) -> None:
    """After an import or undo: remember the message for the next run, reset the uploader."""
    st.session_state[SUMMARY] = message
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state.pop(PREPARED, None)


def notice(message: str) -> None:
    """Remember a message to show on the next run (after an undo)."""
    st.session_state[SUMMARY] = message


def pop_notice() -> str | None:
    """The message left by the last import or undo (shown once)."""
    return st.session_state.pop(SUMMARY, None)


def undo(import_id: int) -> int:
    """Undo an import as the signed-in actor (own imports only, unless admin: Forbidden)."""
    return importer.undo(store.connection(), int(import_id), auth.actor())


def import_log(include_build: bool):
    return importer.import_log(store.connection(), include_build=include_build)


def import_warnings():
    return importer.import_warnings(store.connection())
