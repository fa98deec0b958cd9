"""Assembly: the digest does not restate the page, the bottom line does not tell one matter twice."""

from briefing.model import ScoredSentence, Sentence


def test_a_digest_line_does_not_restate_a_quoted_sentence():
    from briefing.assemble import content_words, restates

    quoted = content_words("Labour Minister Ines Korvald has called both sides to mediated talks in Serrin on Wednesday.")
    same = content_words("The government said Labour Minister Ines Korvald would invite both sides to mediated "
                         "talks in the capital, Serrin, on Wednesday.")
    other = content_words("By Monday evening, 38 cargo ships were waiting at anchor outside the harbour.")
    assert restates(same, quoted) and not restates(other, quoted)


def scored(source: str, text: str, combined: float) -> ScoredSentence:
    return ScoredSentence(Sentence(source, 0, text, 0, 0, len(text)), combined, {"combined": combined})


def test_the_bottom_line_tells_three_matters_not_one_twice():
    from briefing.assemble import bottom_line, particular_words

    lines = [
        scored("a", "Investigators said a cracked steel cable on the loading crane snapped minutes before the "
                    "north pier collapsed.", 0.1),
        scored("b", "A steel cable on the crane had cracked and snapped only minutes before the north pier "
                    "collapse, the inspectors believe.", 0.2),
        scored("c", "Exporters are losing an estimated 30 million crowns a day because of the closure.", 0.3),
        scored("d", "Shipping lines have begun diverting vessels to the port of Kessa.", 0.4),
    ]
    pool = lines + [scored(f"x{n}", f"Officials reported routine harbour business number {n} on Monday.", 0.9)
                    for n in range(60)]
    recency = {c.sentence.article_id: 0.0 for c in pool}
    matter = particular_words(lines, pool)
    assert {"cable", "crane", "snapped", "minutes"} <= matter[lines[0].key] & matter[lines[1].key]
    bottom, retold = bottom_line(lines, recency, matter)
    assert [c.sentence.article_id for c in bottom] == ["a", "c", "d"]
    assert [(m.kept, m.dropped) for m in retold] == [(lines[0].key, lines[1].key)]  # recorded, left off the page
    # Words every sentence of the pool uses are no one line's matter: the same lines, in a pool of
    # sentences that all speak of cables, cranes and piers, are three matters with the first two.
    crowded = lines + [scored(f"y{n}", f"The crane cable at the north pier snapped, minutes apart, report {n}.", 0.9)
                       for n in range(60)]
    bottom, retold = bottom_line(lines, recency, particular_words(lines, crowded))
    assert [c.sentence.article_id for c in bottom] == ["a", "b", "c"] and retold == []
