import { Readable } from 'node:stream';
import type { BlobAdapter, StorageConfig } from './store';

/**
 * Bytes in an S3-compatible bucket (AWS, MinIO, R2…) under `S3_PREFIX<sha256>`, for installations whose files
 * outgrow the database. Ranges are passed through as S3 `Range` requests.
 */
export async function s3Blobs(config: StorageConfig): Promise<BlobAdapter> {
  const bucket = config.S3_BUCKET;
  if (!bucket) throw new Error('MEDIA_STORAGE=s3 needs S3_BUCKET');
  // Loaded on first use (also in the bundles, where a static import would load it at start).
  const { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } = await import(
    '@aws-sdk/client-s3'
  );
  const client = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    // Checksums only where S3 requires them: many S3-compatible servers reject the SDK's default trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
  const key = (sha256: string) => `${config.S3_PREFIX}${sha256}`;
  return {
    name: 's3',
    async write(sha256, bytes, mimetype) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key(sha256), Body: bytes, ContentType: mimetype }),
      );
    },
    async read(sha256, size, range) {
      const whole = range.start === 0 && range.end === size - 1;
      const answer = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key(sha256),
          Range: whole ? undefined : `bytes=${range.start}-${range.end}`,
        }),
      );
      const body = answer.Body;
      if (!body) throw new Error(`media ${sha256} has no bytes in the bucket`);
      // In Node the SDK's body is an http.IncomingMessage (a Readable); anything else is a web stream.
      return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
    },
    async remove(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(sha256) }));
    },
  };
}
