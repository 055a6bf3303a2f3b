-- 004: the term index. Content-word lemmas and noun compounds per article (fugashi), so that
-- keyword trends work in SQL on Japanese text, which has no spaces to split on.

CREATE TABLE article_terms (
    article_id VARCHAR NOT NULL,
    term       VARCHAR NOT NULL,
    n          INTEGER NOT NULL,   -- occurrences in the article (title included)
    PRIMARY KEY (article_id, term)
);
