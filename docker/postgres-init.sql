-- One database per service that owns data (ARCHITECTURE.md §2); the gateway has none.
CREATE DATABASE roster_ingestion;
CREATE DATABASE roster_identity;
CREATE DATABASE roster_classes;
