-- 011: the links parsed from each kept feed body, so that a 304 gives them without parsing the
-- body again (feedparser takes about a second per megabyte of feed). Rows saved before this
-- have none; their body is parsed on the next 304 and the links are stored then.

ALTER TABLE http_cache ADD COLUMN links_json VARCHAR;
