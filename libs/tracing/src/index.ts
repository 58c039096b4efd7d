export { startTracing, tracesEndpoint, currentTraceparent, contextFrom, type Tracing, type TracingOptions } from './tracing';
export { inSpan, messageSpan } from './spans';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
