"""Pure rendering: answers, key points and index status as Discord embeds that fit Discord's limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from index.messages import message
from index.results import Answer, IndexStatus, KeyPoints, Quote, RefreshReport

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
EMBED_TOTAL_LIMIT = 6000
FOOTER_LIMIT = 2048
COLOUR_ANSWERED = discord.Colour.blurple()
COLOUR_NOT_FOUND = discord.Colour.light_grey()


def label(lang: str, key: str, **values: object) -> str:
    """A label or notice from the message catalogue (index/messages), in the reader's language."""
    return message(f"label.{key}", lang, **values)


# Control characters, direction overrides/isolates and invisible spaces: echoed, they garble or reorder
# what is shown around them. Joiners (U+200C/U+200D) stay: emoji sequences and some scripts need them.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def neutralise(text: str) -> str:
    """User text made inert: no mentions that ping or resolve, no characters that reorder or hide text."""
    text = " ".join(_UNSHOWABLE.sub("", text).split()) or "…"
    text = discord.utils.escape_mentions(text)
    # escape_mentions leaves `<#channel>` and bare `<@` forms that are too short to be ids alone; break them too.
    return text.replace("<@", "<@\u200b").replace("<#", "<#\u200b")


# A masked link, [text](url) or [text](<url> "title"): the reader sees `text` but goes to `url`.
_MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()<>\s]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def inert(text: str) -> str:
    """Text from outside (a model's answer, a translation, a file's title) made inert for a message body.

    Line breaks stay; mentions cannot ping or resolve, masked links show where they go and cannot be
    clicked, and characters that hide or reorder text are dropped.
    """
    text = _UNSHOWABLE.sub("", text)
    text = _MASKED_LINK.sub(lambda m: f"{m[1]} ({_no_link(m[2])})" if m[2] else m[1], text)
    text = text.replace("](", "]\u200b(")  # whatever the pattern missed cannot form a link either
    text = discord.utils.escape_mentions(text)
    return text.replace("<@", "<@\u200b").replace("<#", "<#\u200b")


def _no_link(url: str) -> str:
    """A URL shown as code: visible, not clickable."""
    return f"`{url.replace('`', '')}`"


def shorten(text: str, limit: int) -> str:
    """Cut echoed user text (never a quote) to a limit, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Block:
    """One embed field; `value` is never cut, so a quote stays whole."""

    name: str
    value: str

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


def quote_value(quote: Quote, lang: str = "en") -> str:
    """A quote as shown: the verbatim text, then its citation (title — section, line) on its own line."""
    # The title and heading come from a source file: shown inert, like any outside text.
    return f"{quote.text}\n— {inert(quote.citation(lang))}"


def translation_block(quote: Quote, lang: str) -> Block | None:
    """A quote's English rendering as its own field, named as a translation so it is never taken for a quote."""
    if not quote.translation:
        return None
    which = "translation.model" if quote.translation_source == "model" else "translation"
    return Block(label(lang, which), inert(quote.translation))


def quote_blocks(quote: Quote, name: str, lang: str) -> list[Block]:
    blocks = [Block(name, quote_value(quote, lang))]
    translation = translation_block(quote, lang)
    if translation is not None:
        blocks.append(translation)
    return blocks


def pack(
    blocks: Sequence[Block],
    *,
    title: str,
    description: str | None = None,
    footer: str | None = None,
    colour: discord.Colour = COLOUR_ANSWERED,
    continued: str = "(continued)",
) -> list[discord.Embed]:
    """Lay blocks out as fields over as many embeds as needed, each sent as its own message.

    A block too long for a field (1024) becomes the description of an embed of its own (4096): a quote
    is never split. Each embed stays under 25 fields and 6000 characters in total.
    """
    title = shorten(title, TITLE_LIMIT)
    footer = shorten(footer, FOOTER_LIMIT) if footer else None
    embeds: list[discord.Embed] = []

    def new(first: bool) -> discord.Embed:
        embed = discord.Embed(
            title=title if first else shorten(f"{title} {continued}", TITLE_LIMIT),
            description=description if first else None,
            colour=colour,
        )
        if footer:
            embed.set_footer(text=footer)
        embeds.append(embed)
        return embed

    current = new(first=True)
    for block in blocks:
        name = shorten(block.name, FIELD_NAME_LIMIT)
        if len(block.value) > FIELD_VALUE_LIMIT:
            if len(block.value) > DESCRIPTION_LIMIT:
                raise ValueError(f"a block of {len(block.value)} characters cannot be shown without cutting it")
            solo = new(first=False)
            solo.title = shorten(f"{title} · {name}", TITLE_LIMIT)
            solo.description = block.value
            current = new(first=False)
            continue
        if len(current.fields) >= FIELDS_PER_EMBED or len(current) + len(name) + len(block.value) > EMBED_TOTAL_LIMIT:
            current = new(first=False)
        current.add_field(name=name, value=block.value, inline=False)
    # A trailing continuation left empty by a long block is not worth a message.
    if len(embeds) > 1 and not embeds[-1].fields and not embeds[-1].description:
        embeds.pop()
    return embeds


FALLBACK_REASON_LIMIT = 300


def fallback_line(lang: str, reason: str | None) -> str | None:
    """One short italic line saying the language model failed and the article's own wording is shown."""
    if not reason:
        return None
    text = shorten(" ".join(inert(reason).split()), FALLBACK_REASON_LIMIT)
    return label(lang, "fallback", reason=discord.utils.escape_markdown(text))


def with_line(description: str | None, line: str | None) -> str | None:
    """A description with one more line under it, kept within Discord's limit (the line always shows)."""
    if not line:
        return description
    if not description:
        return line
    room = DESCRIPTION_LIMIT - len(line) - 1
    return f"{shorten(description, room)}\n{line}"


def footer_text(lang: str, version: str, mode: str) -> str:
    return label(lang, "index", version=version, mode=label(lang, f"mode.{mode}"))


def answer_embeds(answer: Answer) -> list[discord.Embed]:
    """An answer: its text when there is one, each quote as its own field, the index version in the footer."""
    lang = answer.language
    title = neutralise(answer.question)
    if answer.status == "not_found":
        # The closest passages go with a refusal, labelled so, so that a wrong refusal still helps.
        related: list[Block] = []
        for n, quote in enumerate(answer.related, 1):
            related.extend(quote_blocks(quote, label(lang, "related.quote", n=n), lang))
        text = f"**{label(lang, 'not_found')}**\n{inert(answer.reason or '')}".strip()
        if related:
            text += f"\n{label(lang, 'related')}"
        return pack(
            related,
            title=title,
            description=with_line(text, fallback_line(lang, answer.fallback_reason)),
            footer=footer_text(lang, answer.index_version, answer.mode),
            colour=COLOUR_NOT_FOUND,
            continued=label(lang, "continued"),
        )
    blocks: list[Block] = []
    for n, quote in enumerate(answer.quotes, 1):
        blocks.extend(quote_blocks(quote, label(lang, "quote", n=n), lang))
    description = inert(answer.answer) if answer.answer else None
    if description and len(description) > DESCRIPTION_LIMIT:
        description = shorten(description, DESCRIPTION_LIMIT)
    description = with_line(description, fallback_line(lang, answer.fallback_reason))
    return pack(
        blocks,
        title=title,
        description=description,
        footer=footer_text(lang, answer.index_version, answer.mode),
        continued=label(lang, "continued"),
    )


def keypoint_embeds(points: KeyPoints, lang: str) -> list[discord.Embed]:
    title = label(lang, "keypoints.topic", topic=neutralise(points.topic)) if points.topic else label(lang, "keypoints")
    footer = footer_text(lang, points.index_version, points.mode)
    notice = fallback_line(lang, points.fallback_reason)
    if not points.points:
        return pack(
            [],
            title=title,
            description=with_line(inert(points.reason or label(lang, "keypoints.none")), notice),
            footer=footer,
            colour=COLOUR_NOT_FOUND,
        )
    blocks: list[Block] = []
    for n, point in enumerate(points.points, 1):
        quoted = [q for q in point.quotes]
        # When the point is its own quote, show the quote once with its citation.
        if len(quoted) == 1 and quoted[0].text == point.text:
            blocks.extend(quote_blocks(quoted[0], label(lang, "point", n=n), lang))
            continue
        text = inert(point.text)
        if lang == "en" and quoted and quoted[0].section_translation and point.text == quoted[0].section:
            # A section's point is its heading: English readers get its rendering, labelled as one.
            text = label(lang, "heading.translated", heading=inert(quoted[0].section_translation))
        blocks.append(
            Block(shorten(f"{n}. {text}", FIELD_NAME_LIMIT), quote_value(quoted[0], lang) if quoted else text)
        )
        if quoted and (translation := translation_block(quoted[0], lang)) is not None:
            blocks.append(translation)
        for q in quoted[1:]:
            blocks.extend(quote_blocks(q, f"{n}. {label(lang, 'source')}", lang))
    return pack(blocks, title=title, description=notice, footer=footer, continued=label(lang, "continued"))


def status_embed(status: IndexStatus, lang: str = "en") -> discord.Embed:
    embed = discord.Embed(title=label(lang, "sources"), colour=COLOUR_ANSWERED)
    embed.add_field(name=label(lang, "version"), value=status.version, inline=True)
    embed.add_field(name=label(lang, "built_at"), value=status.built_at, inline=True)
    embed.add_field(name=label(lang, "model"), value=f"{status.embedding_model} ({status.dimension}d)", inline=True)
    embed.add_field(name=label(lang, "passages"), value=str(status.passages), inline=True)
    embed.add_field(name=label(lang, "sentences"), value=str(status.sentences), inline=True)
    docs = "\n".join(
        f"• {inert(d['name'])} — {inert(d.get('title') or '')} ({d.get('passages', '?')})" for d in status.documents
    )
    embed.add_field(
        name=f"{label(lang, 'documents')} ({len(status.documents)})",
        value=shorten(docs or "—", FIELD_VALUE_LIMIT),
        inline=False,
    )
    if status.stale:
        embed.add_field(
            name=label(lang, "stale"),
            value=shorten(inert(status.stale_reason or ""), FIELD_VALUE_LIMIT) or "—",
            inline=False,
        )
    return embed


def report_embed(report: RefreshReport, lang: str = "en") -> discord.Embed:
    embed = discord.Embed(
        title=label(lang, "refreshed") if report.changed else label(lang, "unchanged"), description=report.summary(lang)
    )
    if report.changed:
        docs = (
            ("added", report.documents_added),
            ("changed", report.documents_changed),
            ("removed", report.documents_removed),
        )
        embed.add_field(
            name=label(lang, "documents"),
            value="\n".join(
                f"{what}: {len(names)}" + (f" ({inert(', '.join(names))[:300]})" if names else "")
                for what, names in docs
            ),
            inline=False,
        )
        embed.add_field(
            name=label(lang, "passages"),
            value=(
                f"{label(lang, 'added')}: {report.passages_added}\n"
                f"{label(lang, 'removed')}: {report.passages_removed}\n"
                f"{label(lang, 'unchanged_count')}: {report.passages_unchanged}"
            ),
            inline=False,
        )
    embed.add_field(
        name=label(lang, "time"),
        value=label(lang, "embedded", seconds=report.seconds, embedded=report.embedded),
        inline=False,
    )
    return embed
