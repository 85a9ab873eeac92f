/* test-matrix.c - unit tests of core/matrix (being written). */
#include "config.h"

#include "unit.h"

static void
test_pending(void **state)
{
	(void)state;
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pending),
	};
	return cmocka_run_group_tests_name("matrix", tests, NULL, NULL);
}
