import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from './session';

export const PAGES = [
  { to: '/rules', label: 'Rules' },
  { to: '/products', label: 'Products' },
  { to: '/affiliates', label: 'Affiliates' },
  { to: '/payouts', label: 'Payouts' },
  { to: '/audit', label: 'Audit' },
  { to: '/reattribution', label: 'Re-attribution' },
  { to: '/orders', label: 'Orders' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/operations', label: 'Operations' },
] as const;

/** The frame of every signed-in page: skip link, navigation; the page's heading gets focus on navigation. */
export const Layout = ({ pages }: { pages: readonly { to: string; label: string }[] }) => {
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector('h1')?.focus();
  }, [location.pathname]);
  return (
    <div className="shell console">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">ThreadTrak console</span>
        <span className="who">Program manager</span>
        <button
          type="button"
          className="link-button"
          onClick={async () => {
            await logout();
            navigate('/login');
          }}
        >
          Log out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {pages.map((page) => (
            <li key={page.to}>
              <NavLink to={page.to}>{page.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>
        <Outlet />
      </main>
    </div>
  );
};
