import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { Failure, Loading } from '../format';
import { useProgram } from '../layout';

type Kind = 'canonical' | 'product' | 'purchase' | 'campaign';
interface Links {
  canonical: string;
  product?: string;
  purchase?: string;
}

const CAMPAIGN = /^[a-z0-9-]{1,64}$/;
const KINDS: { kind: Kind; title: string; needs?: 'product' | 'campaign'; about: string }[] = [
  { kind: 'canonical', title: 'Canonical link', about: 'Lands on the shop’s home page.' },
  {
    kind: 'product',
    title: 'Product link',
    needs: 'product',
    about: 'Lands on the product’s page.',
  },
  {
    kind: 'purchase',
    title: 'Purchase link',
    needs: 'product',
    about: 'Goes straight to checkout for the product.',
  },
  {
    kind: 'campaign',
    title: 'Campaign link',
    needs: 'campaign',
    about: 'Your canonical link tagged with the campaign, so its clicks and sales show apart.',
  },
];

export const LinksPage = () => {
  const program = useProgram();
  const [productId, setProductId] = useState('');
  const [campaignInput, setCampaignInput] = useState('');
  const campaign = campaignInput.trim();
  const campaignError =
    campaign && !CAMPAIGN.test(campaign)
      ? 'A campaign is 1 to 64 lower-case letters, digits or dashes, like spring-sale.'
      : undefined;
  const plain = useQuery({
    queryKey: ['links', productId],
    queryFn: () =>
      api<Links>(`/v1/me/links${productId ? `?productId=${encodeURIComponent(productId)}` : ''}`),
  });
  const tagged = useQuery({
    queryKey: ['links', '', campaign],
    queryFn: () => api<Links>(`/v1/me/links?campaign=${encodeURIComponent(campaign)}`),
    enabled: Boolean(campaign) && !campaignError,
  });
  const [copied, setCopied] = useState('');

  const urlOf = (kind: Kind): string | undefined =>
    kind === 'campaign'
      ? campaign && !campaignError
        ? tagged.data?.canonical
        : undefined
      : plain.data?.[kind];

  const copy = async (kind: Kind, title: string) => {
    const url = urlOf(kind);
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(`${title} copied to the clipboard.`);
    } catch {
      setCopied(`Could not copy: select the ${title.toLowerCase()} and copy it by hand.`);
    }
  };

  const serverCampaignError =
    tagged.error instanceof ApiError
      ? (tagged.error.forField('campaign') ?? tagged.error.message)
      : undefined;
  return (
    <>
      <h1 tabIndex={-1}>Links</h1>
      <div className="row">
        <div className="field">
          <label htmlFor="product">Product</label>
          <select
            id="product"
            value={productId}
            onChange={(event) => setProductId(event.target.value)}
            disabled={!program.data?.products.length}
          >
            <option value="">
              {program.data && program.data.products.length === 0
                ? 'No products in your scope'
                : 'Choose a product'}
            </option>
            {program.data?.products.map((product) => (
              <option key={product.productId} value={product.productId}>
                {product.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="campaign">Campaign</label>
          <input
            id="campaign"
            value={campaignInput}
            placeholder="spring-sale"
            onChange={(event) => setCampaignInput(event.target.value)}
            aria-invalid={campaignError || serverCampaignError ? true : undefined}
            aria-describedby={
              campaignError || serverCampaignError ? 'campaign-error' : 'campaign-hint'
            }
          />
          {campaignError || serverCampaignError ? (
            <p id="campaign-error" className="error" role="alert">
              {campaignError ?? serverCampaignError}
            </p>
          ) : (
            <p id="campaign-hint" className="hint">
              Lower-case letters, digits and dashes.
            </p>
          )}
        </div>
      </div>
      {plain.isPending && <Loading what="your links" />}
      {plain.isError && <Failure error={plain.error} />}
      <p role="status" className="notice" aria-live="polite">
        {copied}
      </p>
      <ul className="links">
        {KINDS.map(({ kind, title, needs, about }) => {
          const url = urlOf(kind);
          const name = title.replace(' link', '').toLowerCase();
          return (
            <li key={kind}>
              <h2>{title}</h2>
              <p className="muted">{about}</p>
              {url ? (
                <code className="url">{url}</code>
              ) : (
                <p className="muted">
                  {needs === 'product'
                    ? 'Choose a product above.'
                    : needs === 'campaign'
                      ? 'Type a campaign above.'
                      : '…'}
                </p>
              )}
              <button type="button" onClick={() => copy(kind, title)} disabled={!url}>
                Copy {name} link
              </button>
            </li>
          );
        })}
      </ul>
      <QrSection
        productId={productId}
        campaign={campaign && !campaignError ? campaign : ''}
        urlOf={urlOf}
      />
    </>
  );
};

const QrSection = ({
  productId,
  campaign,
  urlOf,
}: {
  productId: string;
  campaign: string;
  urlOf: (kind: Kind) => string | undefined;
}) => {
  const [kind, setKind] = useState<Kind>('canonical');
  const [format, setFormat] = useState<'png' | 'svg'>('png');
  const [size, setSize] = useState('512');
  const [ecc, setEcc] = useState('M');
  const [error, setError] = useState<string>();
  const url = urlOf(kind);
  const query = (format_: string, size_: string) => {
    const params = new URLSearchParams({
      type: kind === 'campaign' ? 'canonical' : kind,
      format: format_,
      size: size_,
      ecc,
    });
    if (kind === 'product' || kind === 'purchase') params.set('productId', productId);
    if (kind === 'campaign') params.set('campaign', campaign);
    return `/v1/me/qr?${params}`;
  };

  const download = async () => {
    setError(undefined);
    try {
      const response = await fetch(query(format, size), { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      }
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = href;
      anchor.download = `qr-${kind}${campaign && kind === 'campaign' ? `-${campaign}` : ''}-${size}.${format}`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'The QR code could not be made.');
    }
  };

  return (
    <section aria-labelledby="qr" className="qr">
      <h2 id="qr">QR code</h2>
      <div className="qr-grid">
        <div>
          <div className="field">
            <label htmlFor="qr-link">Link</label>
            <select
              id="qr-link"
              value={kind}
              onChange={(event) => setKind(event.target.value as Kind)}
            >
              {KINDS.map((entry) => (
                <option key={entry.kind} value={entry.kind}>
                  {entry.title}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>Format</legend>
            <label>
              <input
                type="radio"
                name="format"
                value="png"
                checked={format === 'png'}
                onChange={() => setFormat('png')}
              />{' '}
              PNG
            </label>
            <label>
              <input
                type="radio"
                name="format"
                value="svg"
                checked={format === 'svg'}
                onChange={() => setFormat('svg')}
              />{' '}
              SVG
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="qr-size">Size</label>
            <select id="qr-size" value={size} onChange={(event) => setSize(event.target.value)}>
              {['256', '512', '1024', '2048'].map((px) => (
                <option key={px} value={px}>
                  {px} × {px} px
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="qr-ecc">Error correction</label>
            <select id="qr-ecc" value={ecc} onChange={(event) => setEcc(event.target.value)}>
              <option value="L">L — 7%, smallest code</option>
              <option value="M">M — 15%, the usual choice</option>
              <option value="Q">Q — 25%, for rough surfaces</option>
              <option value="H">H — 30%, survives a logo on top</option>
            </select>
          </div>
          <button type="button" onClick={download} disabled={!url}>
            Download QR
          </button>
          {!url && <p className="muted">Choose a product or campaign above for this link.</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="qr-preview">
          {url ? (
            <img src={query('svg', '256')} width={192} height={192} alt={`QR code for ${url}`} />
          ) : (
            <div className="qr-empty" aria-hidden="true" />
          )}
        </div>
      </div>
      <h3>Before you print</h3>
      <ul className="checklist">
        <li>
          <strong>Quiet zone:</strong> keep the white border (4 modules) around the code; do not
          crop it or place text in it.
        </li>
        <li>
          <strong>Minimum print size:</strong> at least 2 × 2 cm (0.8 in) for close reading; for
          posters, one tenth of the reading distance.
        </li>
        <li>
          <strong>Test-scan:</strong> scan the printed proof with two different phones and check it
          opens your link.
        </li>
        <li>
          <strong>Contrast:</strong> dark code on a light background, never inverted or low-contrast
          colours.
        </li>
      </ul>
    </section>
  );
};
