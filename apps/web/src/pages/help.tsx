import { bps, days, Failure, Loading, money } from '../format';
import { useProgram } from '../layout';

/** The rules in force, read from the program (GET /v1/me/program), written for affiliates. */
export const HelpPage = () => {
  const program = useProgram();
  return (
    <>
      <h1 tabIndex={-1}>Help</h1>
      {program.isPending && <Loading what="the program rules" />}
      {program.isError && <Failure error={program.error} />}
      {program.data && (
        <>
          <section aria-labelledby="earn">
            <h2 id="earn">How you earn</h2>
            <ul>
              <li>
                You earn <strong>{bps(program.data.rateBps)}</strong> of what the buyer pays for
                eligible products (before tax and shipping)
                {program.data.products.some((product) => product.rateBps !== program.data.rateBps)
                  ? '; some products earn a different rate, listed below'
                  : ''}
                .
              </li>
              <li>
                A purchase is yours when the buyer clicked your link at most{' '}
                <strong>{days(program.data.cookieWindowDays)}</strong> before paying, and your link
                was the{' '}
                {program.data.attributionModel === 'last_click' ? (
                  <strong>last</strong>
                ) : (
                  <strong>first</strong>
                )}{' '}
                affiliate link they clicked.
              </li>
            </ul>
          </section>
          <section aria-labelledby="paid">
            <h2 id="paid">When you get paid</h2>
            <ul>
              <li>
                A commission is <em>pending</em> for <strong>{days(program.data.holdDays)}</strong>{' '}
                after the order (the refund hold), then it is <em>due</em>.
              </li>
              <li>
                You can request a payout once your due balance reaches{' '}
                <strong>{money(program.data.minPayoutCents, program.data.currency)}</strong>. A
                payout takes your whole due balance.
              </li>
              <li>
                Payouts go to your PayPal email or your Stripe account (Payout account page), in{' '}
                {program.data.currency}.
              </li>
              <li>
                A refund or lost dispute takes the commission back; if it was already paid, the
                amount is settled from your next payout.
              </li>
            </ul>
          </section>
          <section aria-labelledby="products">
            <h2 id="products">Your products</h2>
            {program.data.products.length === 0 ? (
              <p className="muted">
                No products are in your scope yet; your canonical link still earns on eligible
                products.
              </p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col">Your rate</th>
                    </tr>
                  </thead>
                  <tbody>
                    {program.data.products.map((product) => (
                      <tr key={product.productId}>
                        <th scope="row">{product.name}</th>
                        <td>{bps(product.rateBps)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <p className="muted">
            Rules version {program.data.version}. When the program manager changes them, this page
            shows the new rules.
          </p>
        </>
      )}
    </>
  );
};
