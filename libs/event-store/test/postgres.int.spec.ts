import { Client } from 'pg';
import { PostgresEventStore } from '../src';
import { describeEventStoreContract } from './event-store.contract';

export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `es_contract_${process.pid}_${Date.now().toString(36)}`;

afterAll(async () => {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describeEventStoreContract('PostgreSQL', async () => {
  const store = await PostgresEventStore.connect({
    connectionString: `${POSTGRES_URL}?schema=${schema}`,
  });
  return { store, fetchedRows: () => store.fetchedRows };
});
