# roster-local/postgres:17 — PostgreSQL 17 from the embedded-postgres package's binaries (the same server the tests
# run without Docker), for the testcontainers pass and the compose product where no registry is reachable.
# Speaks the subset of the official image's interface the project uses: POSTGRES_USER, POSTGRES_PASSWORD,
# /docker-entrypoint-initdb.d/*.sql, PGDATA; plus PGPORT (containers run on the host network here).
ARG DEBIAN_IMAGE=roster-local/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY pg/ /usr/local/pgsql/
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN groupadd --gid 999 postgres \
 && useradd --uid 999 --gid postgres --home-dir /var/lib/postgresql --create-home --shell /bin/sh postgres \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && /usr/local/pgsql/bin/postgres --version
ENV PATH=/usr/local/pgsql/bin:$PATH PGDATA=/var/lib/postgresql/data PGPORT=5432
USER postgres
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
