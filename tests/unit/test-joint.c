/* test-joint.c - unit tests of core/joint (being written). */
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
	return cmocka_run_group_tests_name("joint", tests, NULL, NULL);
}
