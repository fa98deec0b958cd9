

def test_a_digest_line_does_not_restate_a_quoted_sentence():
    from briefing.assemble import content_words, restates

    quoted = content_words("Labour Minister Ines Korvald has called both sides to mediated talks in Serrin on Wednesday.")
    same = content_words("The government said Labour Minister Ines Korvald would invite both sides to mediated "
                         "talks in the capital, Serrin, on Wednesday.")
    other = content_words("By Monday evening, 38 cargo ships were waiting at anchor outside the harbour.")
    assert restates(same, quoted) and not restates(other, quoted)
