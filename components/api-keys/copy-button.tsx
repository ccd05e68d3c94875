'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

import { buttonClasses } from '@/components/ui/button-link';

/** Copies `value` to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const t = useTranslations('apiKeys');
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonClasses('secondary')}
        aria-label={t('copyLabel', { what: label })}
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          );
        }}
      >
        {t('copy')}
      </button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {status === 'copied' ? t('copied') : status === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  );
}
