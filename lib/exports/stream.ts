/**
 * An export as a streamed HTTP answer: the generator is pulled one chunk at a time as the client reads, so
 * memory holds one batch, never the whole export; a client that goes away stops the reading.
 */
export function streamedDownload(
  chunks: AsyncGenerator<string>,
  { contentType, filename }: { contentType: string; filename: string },
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]+/g, '_')}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
