-- Which embedding produced each shared passage's vector: the model and what of the passage it
-- embedded (library.EmbeddedText), e.g. 'all-minilm-l6-v2+title'. NULL for rows written before
-- this column: all-MiniLM-L6-v2 over the passage's text alone. An instance whose configured
-- embedding differs re-embeds such rows instead of indexing vectors of another kind.

ALTER TABLE passages ADD COLUMN embedding TEXT;
