-- 012: the digest of the views.sql the views were last created from. A read-write open
-- re-creates the views only when views.sql changed (or a view is missing): re-creating
-- them writes the catalog, so every open, even one that only reads, ended in a checkpoint.

CREATE TABLE schema_views (digest VARCHAR NOT NULL);
