-- 009: weekly term counts, rebuilt with the deal events, so keyword trends over tens of
-- millions of term rows answer at once.

CREATE TABLE trend_term_weekly (
    week     DATE NOT NULL,
    term     VARCHAR NOT NULL,
    articles BIGINT,
    mentions BIGINT,
    PRIMARY KEY (week, term)
);
