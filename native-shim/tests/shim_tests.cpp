// Tests of the shim's C API, run by ctest.
#include <cstdint>
#include <cstdio>

extern "C" int32_t dt_shim_api_version();

int main()
{
    if (dt_shim_api_version() != 1)
    {
        std::fprintf(stderr, "unexpected shim API version %d\n", dt_shim_api_version());
        return 1;
    }
    std::puts("shim_tests: api version ok");
    return 0;
}
