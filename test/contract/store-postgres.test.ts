import { postgresFactory } from '../support/stores.js';
import { healthStoreContract } from './health.contract.js';
import { storeContract } from './store.contract.js';

storeContract(postgresFactory);
healthStoreContract(postgresFactory);
