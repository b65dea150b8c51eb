# TLS, connection poolers and connection timeouts against the test cluster (scripts/pg-cluster.sh).
