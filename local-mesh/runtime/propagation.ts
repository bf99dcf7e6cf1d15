// How long an endpoint change takes to reach the proxies (the gateway and every sidecar).
//
// On a cluster, a pod turning Ready or being deleted reaches Envoy through a chain: the
// EndpointSlice controller updates the slice, istiod's watch sees it and debounces pushes
// (PILOT_DEBOUNCE_AFTER, default 100 ms of quiet, at most PILOT_DEBOUNCE_MAX, default 10 s, see
// istio.io's pilot-discovery reference), then pushes EDS to every proxy, which applies it. A
// small cluster at rest converges in a few hundred ms; under a rollout's churn, longer. Until
// then the gateway keeps sending to a pod that is already terminating, and knows nothing of the
// new one.
//
// The local mesh applies every change 1 s after it happens: longer than the debounce floor, so
// a Deployment that stops serving at once (no preStop drain) loses requests as it would on a
// cluster, and well short of the 5 s preStop sleep the echo Deployments drain with, so a drained
// restart loses none even on a loaded machine. Tests set their own value
// (LocalMeshOptions.endpointPropagationMs).
export const DEFAULT_ENDPOINT_PROPAGATION_MS = 1_000;
