"""Building, versioning and refreshing the index, with a real chromadb in a temporary folder."""

from __future__ import annotations

import pytest

from index.engine import SpeechIndex
from index.errors import IndexNotReady, RefreshInProgress, SourceError
from index.store.files import FileVersionStore
from tests.core.hash_embedding import HashEmbedding


def test_first_build_then_unchanged_rebuild_embeds_nothing(fresh_settings, hash_model):
    index = SpeechIndex(fresh_settings, model=hash_model)
    report = index.ensure_current()
    assert report is not None and report.changed and report.embedded > 0
    assert report.documents_added == ["000_7e1d518b4a2c8e90.txt"]
    assert index.status().passages == 24
    calls = hash_model.calls
    assert index.ensure_current() is None
    again = index.refresh(force=True)
    assert again.embedded == 0 and hash_model.calls == calls


def test_changed_source_embeds_only_new_text_and_reports_the_diff(fresh_settings, hash_model):
    index = SpeechIndex(fresh_settings, model=hash_model)
    index.ensure_current()
    old_version = index.view().version
    path = next(fresh_settings.sources_dir.iterdir())
    path.write_text(path.read_text(encoding="utf-8") + "\n追加された段落です。新しい文です。\n", encoding="utf-8")
    (fresh_settings.sources_dir / "extra.md").write_text("# Extra\n\nAnother document.\n", encoding="utf-8")
    assert index.staleness() == "the sources have changed since it was built"
    report = index.ensure_current()
    assert report.previous == old_version and report.version != old_version
    assert report.documents_changed == ["000_7e1d518b4a2c8e90.txt"] and report.documents_added == ["extra.md"]
    assert report.passages_added == 2 and report.passages_removed == 0 and report.passages_unchanged == 24
    # The new paragraph, its two sentences and the new document's passage (its one sentence is the same text).
    assert report.embedded == 4
    assert index.view().version == report.version


@pytest.mark.parametrize("model", [HashEmbedding(name="hash-other"), HashEmbedding(dim=32)], ids=["name", "dimension"])
def test_manifest_mismatch_triggers_a_rebuild_not_a_crash(fresh_settings, hash_model, model):
    SpeechIndex(fresh_settings, model=hash_model).ensure_current()
    index = SpeechIndex(fresh_settings, model=model)
    assert index.staleness() is not None
    report = index.ensure_current()
    assert report.changed
    manifest = index.view().manifest
    assert (manifest.embedding_model, manifest.dimension) == (model.model_name, model.dimension)
    assert index.ask("データセンター").status in ("answered", "not_found")


def test_failed_refresh_keeps_the_live_version(fresh_settings, hash_model):
    index = SpeechIndex(fresh_settings, model=hash_model)
    index.ensure_current()
    live = index.view().version
    (fresh_settings.sources_dir / "broken.txt").write_bytes("壊れた".encode("shift_jis"))
    with pytest.raises(SourceError, match="not UTF-8"):
        index.refresh()
    assert FileVersionStore(fresh_settings.data_dir).manifest(index.store.live_build()).version == live
    assert index.ask("Memphis data center").index_version == live


def test_only_one_refresh_at_a_time(fresh_settings, hash_model):
    store = FileVersionStore(fresh_settings.data_dir)
    index = SpeechIndex(fresh_settings, model=hash_model)
    with store.refresh_lock("moderator 42"), pytest.raises(RefreshInProgress, match="moderator 42"):
        index.refresh()


def test_corrupted_pointer_is_detected_and_rebuilt(fresh_settings, hash_model):
    index = SpeechIndex(fresh_settings, model=hash_model)
    index.ensure_current()
    (fresh_settings.data_dir / "LIVE.json").write_text("{not json", encoding="utf-8")
    fresh = SpeechIndex(fresh_settings, model=hash_model)
    with pytest.raises(IndexNotReady, match="corrupted"):
        fresh.view()
    assert fresh.ensure_current() is not None
    assert fresh.ask("Grok").index_version == fresh.view().version


def test_missing_index_says_how_to_build(fresh_settings, hash_model):
    with pytest.raises(IndexNotReady, match="speechbot index build"):
        SpeechIndex(fresh_settings, model=hash_model).view()


def test_retired_builds_stay_for_a_grace_period_then_go(fresh_settings, hash_model, monkeypatch):
    import index.build as build_module

    index = SpeechIndex(fresh_settings, model=hash_model)
    path = next(fresh_settings.sources_dir.iterdir())

    def edit_and_build(i):
        path.write_text(path.read_text(encoding="utf-8") + f"\n段落{i}です。\n", encoding="utf-8")
        return index.ensure_current().version

    def builds():
        on_disk = set(FileVersionStore(fresh_settings.data_dir).builds())
        names = {c.name for c in index.client.list_collections()}
        assert names == {f"speechbot_{b}" for b in on_disk} | {f"speechbot_{b}.parts" for b in on_disk}
        return {b.split("-")[0] for b in on_disk}

    versions = [edit_and_build(i) for i in range(3)]
    assert builds() == set(versions)  # all retired within the grace period: still readable
    old_view = index.view()
    monkeypatch.setattr(build_module, "RETIRE_GRACE_S", 0.0)
    versions.append(edit_and_build(3))
    assert builds() == {versions[-1]}
    # A reader that still holds a removed build (it looked just before the switch) gets its answer
    # from the live build instead of an error.
    index._view, index._stamp = old_view, index.store.pointer_stamp()
    answer = index.ask("データセンター")
    assert answer.index_version == versions[-1] and old_view.version != versions[-1]


def test_refresh_holder_is_reported_only_while_the_lock_is_held(fresh_settings, hash_model):
    index = SpeechIndex(fresh_settings, model=hash_model)
    assert index.refresh_holder() is None
    with index.store.refresh_lock("moderator 7"):
        holder = index.refresh_holder()
        assert holder["who"] == "moderator 7" and holder["since"]
    assert index.refresh_holder() is None


def test_a_corpus_that_repeats_a_paragraph_still_builds(fresh_settings, hash_model):
    """The probe query may find an identical twin of its passage; that is not a broken index."""
    for path in fresh_settings.sources_dir.iterdir():
        path.unlink()
    for name in ("a.txt", "b.txt", "c.txt"):
        (fresh_settings.sources_dir / name).write_text("Same title\nThe same paragraph.\n", encoding="utf-8")
    index = SpeechIndex(fresh_settings, model=hash_model)
    report = index.ensure_current()
    assert report.switched and index.status().passages == 3


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ((22, 0, 0), "22 passages added, none removed, none unchanged"),
        ((1, 2, 19), "1 passage added, 2 removed, 19 unchanged"),
        ((0, 3, 19), "no passages added, 3 removed, 19 unchanged"),
    ],
)
def test_build_summary_says_passage_changes_in_words(counts, words):
    from index.results import passage_changes

    assert passage_changes(*counts) == words
