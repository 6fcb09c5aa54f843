"""/keypoints, /sources, /refresh, /feedback, command sync and localisation, through simcord."""

from __future__ import annotations

import pytest

from tests.bot.helpers import StubIndex, error_names, make_server, quotes_in, use_locale, was_deferred

# Refreshes run in a child process (seconds to start), longer than simcord's default 5 s to settle.
pytestmark = pytest.mark.simcord(settle_timeout=120)


def synced_commands(env):
    (put,) = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    return {c["name"]: c for c in put.json}


async def test_commands_are_synced_with_japanese_descriptions_for_every_option(simcord_env):
    commands = synced_commands(simcord_env)
    assert set(commands) == {"ask", "keypoints", "sources", "refresh", "feedback", "Check against the talk"}
    # A message menu has no description; its name is what Japanese users read.
    menu = commands.pop("Check against the talk")
    assert menu["type"] == 3 and menu["name_localizations"]["ja"] == "講演と照合"

    def options(node):
        for option in node.get("options") or []:
            yield option
            yield from options(option)  # subcommands (/sources show|add|remove) and their options

    for command in commands.values():
        assert command["description_localizations"]["ja"], command["name"]
        for option in options(command):
            assert option["description"] and option["description_localizations"]["ja"], (command["name"], option)
    assert [o["name"] for o in commands["sources"]["options"]] == ["show", "add", "remove"]
    # Moderator commands are hidden from members without Manage Server (0x20) by default.
    assert str(commands["refresh"]["default_member_permissions"]) == "32"
    assert str(commands["feedback"]["default_member_permissions"]) == "32"
    assert commands["ask"]["default_member_permissions"] is None
    # A group's default applies to all its subcommands, so /sources stays visible (show is for everyone).
    assert commands["sources"]["default_member_permissions"] is None


async def test_keypoints_lists_points_with_verbatim_quotes(simcord_env, article_text):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "keypoints")
    assert was_deferred(simcord_env, ephemeral=False)
    embeds = [e for m in [result.response, *result.followups] for e in m.embeds]
    assert embeds[0].title == "Key points"
    quotes = [q for e in embeds for q in quotes_in(e)]
    assert len(quotes) >= 3 and all(q in article_text for q in quotes)


async def test_keypoints_topic_autocompletes_from_section_headings(simcord_env, speech_index, article_text):
    s = make_server(simcord_env)
    # An English-speaking member starts from the headings' English renderings.
    choices = await s.alice.autocomplete(s.channel, "keypoints", "topic", "")
    assert [c["value"] for c in choices] == [h[:100] for h in speech_index.section_headings("en")][:25]
    word = "政府"
    narrowed = await s.alice.autocomplete(s.channel, "keypoints", "topic", word)
    assert narrowed and all(word in c["value"] for c in narrowed)
    result = await s.alice.slash(s.channel, "keypoints", topic=narrowed[0]["value"])
    (embed, *_) = result.response.embeds
    assert embed.title == f"要点：{narrowed[0]['value']}"
    assert all(q in article_text for q in quotes_in(embed))


async def test_an_english_topic_picks_a_section_by_its_english_heading(simcord_env, speech_index, article_text):
    s = make_server(simcord_env)
    [choice] = await s.alice.autocomplete(s.channel, "keypoints", "topic", "hardware")
    assert choice["value"].startswith("The hardware competition")
    result = await s.alice.slash(s.channel, "keypoints", topic=choice["value"])
    embeds = [e for m in [result.response, *result.followups] for e in m.embeds]
    fields = [f for e in embeds for f in e.fields]
    section = next(x for x in speech_index.view().sections if x.heading.startswith("ハードウェア"))
    # Every point of that section, each quote followed by its rendering, labelled as a translation.
    assert [f.name for f in fields] == [
        name for n in range(1, len(section.passage_ids) + 1) for name in (f"Point {n}", "Translation (not a quote)")
    ]
    assert "150,000 H100s" in " ".join(f.value for f in fields)
    quotes = [q for e in embeds for q in quotes_in(e)]
    assert quotes and all(q in article_text for q in quotes)
    assert all(", line " in f.value and "The hardware competition" in f.value for f in fields[::2])


async def test_sources_shows_what_is_indexed(simcord_env, speech_index):
    s = make_server(simcord_env)
    status = speech_index.status()
    result = await s.alice.slash(s.channel, "sources show")
    assert result.response.ephemeral
    (embed,) = result.response.embeds
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Index version"] == status.version
    assert fields["Passages"] == str(status.passages)
    assert "000_7e1d518b4a2c8e90.txt" in fields["Documents (1)"]
    assert status.embedding_model in fields["Embedding model"]


async def test_refresh_is_hidden_from_members_without_manage_server(simcord_env):
    s = make_server(simcord_env)
    assert "refresh" not in s.alice.available_commands(s.channel)
    assert "feedback" not in s.alice.available_commands(s.channel)
    assert "refresh" in s.mod.available_commands(s.channel)


@pytest.mark.parametrize("command", ["refresh", "feedback"])
async def test_runtime_check_denies_members_an_admin_let_see_the_command(simcord_env, command):
    s = make_server(simcord_env)
    registered = simcord_env.backend.find_command(command, None, type=1)
    s.guild.set_command_permissions(int(registered["id"]), {s.alice: True})
    result = await s.alice.slash(s.channel, command)
    assert result.ephemeral
    assert result.response.content.startswith("Only moderators can do this")
    assert error_names(simcord_env) == ["NotModerator"]


async def test_moderator_refresh_reports_what_changed(simcord_env, speech_index):
    s = make_server(simcord_env)
    result = await s.mod.slash(s.channel, "refresh")
    assert was_deferred(simcord_env, ephemeral=True) and result.response.ephemeral
    (embed,) = result.response.embeds
    assert embed.title == "Index unchanged"
    assert speech_index.status().version in embed.description
    assert "Time" in [f.name for f in embed.fields]


async def test_moderator_role_setting_grants_refresh(simcord_env, speech_index):
    s = make_server(simcord_env)
    helper_role = s.guild.create_role("Helpers")
    helper = s.guild.add_member(simcord_env.create_user("helper"), roles=[helper_role])
    simcord_env.bot.settings = simcord_env.bot.settings.with_(moderator_role_id=helper_role.id)
    registered = simcord_env.backend.find_command("refresh", None, type=1)
    s.guild.set_command_permissions(int(registered["id"]), {helper_role: True})
    result = await helper.slash(s.channel, "refresh")
    assert result.response.embeds[0].title == "Index unchanged"


async def test_feedback_summary_lists_latest_down_votes_without_pinging(simcord_env):
    s = make_server(simcord_env)
    store = simcord_env.bot.feedback
    for question, vote in [("q one @everyone", -1), ("q two", 1), ("q three", -1)]:
        answer = simcord_env.bot.index.ask("What did Musk say about AI?")
        answer_id = store.record_answer(type(answer)(question, answer.status, answer.quotes, answer.index_version))
        store.vote(answer_id, s.alice.id, vote)
    result = await s.mod.slash(s.channel, "feedback")
    assert result.response.ephemeral
    (embed,) = result.response.embeds
    assert embed.description == "👍 1 · 👎 2 on 3 answers"
    latest = next(f.value for f in embed.fields if f.name == "Latest 👎 questions")
    assert "q three" in latest and "q one" in latest and "q two" not in latest
    assert "@everyone" not in latest


@pytest.mark.parametrize(
    ("locale", "topic", "expected"),
    [("ja", None, "ja"), ("en-US", None, "en"), ("en-GB", None, "en"), ("en-US", "政府", "ja"), ("ja", "robots", "en")],
)
async def test_keypoints_passes_the_askers_language_the_topics_when_given(
    simcord_env, monkeypatch, locale, topic, expected
):
    use_locale(monkeypatch, locale)
    real = simcord_env.bot.index
    seen: list[str | None] = []

    def keypoints(topic=None, *, lang=None):
        seen.append(lang)
        return real.keypoints(topic, lang=lang)

    simcord_env.bot._index = StubIndex(real, real.ask)
    simcord_env.bot._index.keypoints = keypoints
    s = make_server(simcord_env)
    options = {"topic": topic} if topic else {}
    result = await s.alice.slash(s.channel, "keypoints", **options)
    assert seen == [expected]
    title = result.response.embeds[0].title
    assert title.startswith("要点") if expected == "ja" else title.startswith("Key points")
