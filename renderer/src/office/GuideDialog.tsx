import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { useOfficeDialogs } from './officeDialogsStore';

interface Chapter {
  id: string;
  title: string;
  image: string;
  body: string[];
}

/**
 * 帮助 › 使用说明: the manual's chapters as the product works now, in the window's language, with
 * screenshots the e2e tests take (e2e/guide.spec.ts → renderer/public/guide/, served as ./guide/).
 * A table of contents beside the text; '打印' prints the guide alone (print CSS in office.css).
 */
export function GuideDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const chapters = t('guide.chapters', { returnObjects: true }) as unknown as Chapter[];
  const body = useRef<HTMLDivElement>(null);
  const go = (id: string) => body.current?.querySelector(`#guide-${id}`)?.scrollIntoView({ block: 'start' });

  return (
    <Modal
      title={t('guide.title')}
      onClose={close}
      width={1180}
      footer={
        <>
          <button type="button" onClick={() => window.print()}>
            {t('guide.print')}
          </button>
          <button type="button" className="primary" onClick={close}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="guide">
        <nav className="guide-toc" aria-label={t('guide.contents')}>
          <ol>
            {chapters.map((c) => (
              <li key={c.id}>
                <a
                  href={`#guide-${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go(c.id);
                  }}
                >
                  {c.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="guide-body" ref={body} tabIndex={0} aria-label={t('guide.title')}>
          {chapters.map((c) => (
            <section key={c.id} id={`guide-${c.id}`} aria-labelledby={`guide-h-${c.id}`}>
              <h2 id={`guide-h-${c.id}`}>{c.title}</h2>
              {c.body.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
              <img src={`./guide/${c.image}`} alt={c.title} loading="lazy" />
            </section>
          ))}
        </div>
      </div>
    </Modal>
  );
}
