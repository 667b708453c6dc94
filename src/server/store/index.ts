export { createStore, type Store, type StoreOptions } from './store.js';
export {
  parseCassette,
  type CassetteMeta,
  type ParseCassette,
  type ParsedCassette,
} from './cassette-file.js';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
