-- Custom SQL migration file, put your code below! --
-- Media bytes are already compressed (JPEG, MP4, Opus, PDF): stored uncompressed out of line, so a Range read
-- (substring) fetches only the TOAST chunks it needs instead of decompressing the whole file.
ALTER TABLE "media_blob_data" ALTER COLUMN "data" SET STORAGE EXTERNAL;
