# roster-local/node:24 — stands in for the official node:24 slim image where no registry is reachable
# (tools/docker/base-images.sh builds it). Same layout as the official image: node, npm and npx in /usr/local/bin.
ARG DEBIAN_IMAGE=roster-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY node /usr/local/bin/node
COPY npm/ /usr/local/lib/node_modules/npm/
# The host's extra CA certificates (NODE_EXTRA_CA_CERTS: a TLS-inspecting proxy's; empty on most machines), so
# that npm in image builds trusts what the host's npm trusts.
COPY extra-ca.pem /usr/local/share/roster/extra-ca.pem
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/roster/extra-ca.pem
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
