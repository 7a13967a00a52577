import type { ReactNode } from 'react';

// WhatsApp's own inline marks: *bold*, _italic_, ~strike~. Enough to show a template as the operator sees it.
const MARK = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g;

function formatLine(line: string): ReactNode[] {
  return line.split(MARK).map((part, i) => {
    const inner = part.slice(1, -1);
    const key = `${i}-${part}`;
    if (part.length > 2 && part.startsWith('*') && part.endsWith('*'))
      return <strong key={key}>{inner}</strong>;
    if (part.length > 2 && part.startsWith('_') && part.endsWith('_')) return <em key={key}>{inner}</em>;
    if (part.length > 2 && part.startsWith('~') && part.endsWith('~')) return <s key={key}>{inner}</s>;
    return part;
  });
}

/** A message bubble like WhatsApp draws it: line breaks kept, inline marks applied, long links wrapped. */
export function WhatsAppPreview({ text, label }: { text: string; label: string }) {
  return (
    <figure aria-label={label} className="rounded-lg bg-[#efeae2] p-3 dark:bg-slate-800">
      <div
        data-testid="template-preview"
        className="max-w-full rounded-lg rounded-tl-none bg-white px-3 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-900 shadow-sm dark:bg-slate-900 dark:text-slate-100"
      >
        {text.split('\n').map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position.
          <span key={i}>
            {formatLine(line)}
            {'\n'}
          </span>
        ))}
      </div>
    </figure>
  );
}
