# TLS, connection poolers and connection timeouts against the test cluster (scripts/pg-cluster.sh).
mdbstudio_add_test(tst_timeouts SOURCES network/tst_timeouts.cpp LIBS Qt6::Sql)
mdbstudio_add_test(tst_tls SOURCES network/tst_tls.cpp)
mdbstudio_add_test(tst_pooler SOURCES network/tst_pooler.cpp LIBS Qt6::Sql)
set_tests_properties(tst_pooler PROPERTIES RESOURCE_LOCK official_message_store)

# The whole conformance suite again, through PgBouncer in transaction pooling mode.
foreach(target postgres official)
  add_test(NAME tst_conformance.${target}-pgbouncer COMMAND tst_conformance)
  set_tests_properties(tst_conformance.${target}-pgbouncer PROPERTIES ENVIRONMENT
                       "QT_QPA_PLATFORM=offscreen;MDBSTUDIO_TEST_TARGET=${target};MDBSTUDIO_TEST_VIA=pgbouncer")
endforeach()
set_tests_properties(tst_conformance.official-pgbouncer PROPERTIES RESOURCE_LOCK official_message_store)
