export { startEmbedded, type Embedded, type EmbeddedOptions, type ExternalClever } from './embedded';
