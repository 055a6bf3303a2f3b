-- 013: article_terms without its primary key. The key's index held an entry per term of
-- every article, a hundred an article: it made the warehouse file twice as large (110 MB
-- against 50 MB at 5,000 articles), every load maintain and check it, and every close
-- write it out again. No query looks terms up by (article_id, term). The loaders keep the
-- pairs unique: a load inserts terms only for articles new to the warehouse, one row per
-- term (DISTINCT ON), and a reprocess deletes an article's terms before inserting them.

CREATE TABLE article_terms_013 (
    article_id VARCHAR NOT NULL,
    term       VARCHAR NOT NULL,
    n          INTEGER NOT NULL    -- occurrences in the article (title included)
);
INSERT INTO article_terms_013 SELECT article_id, term, n FROM article_terms;
DROP TABLE article_terms;
ALTER TABLE article_terms_013 RENAME TO article_terms;
