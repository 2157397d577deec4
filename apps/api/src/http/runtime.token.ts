export { RUNTIME } from '@threadtrak/wiring';
