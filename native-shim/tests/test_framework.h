// The few lines of test framework the shim's ctest executable needs.
#pragma once

#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

namespace dt::testing {

inline int& Failures()
{
    static int failures = 0;
    return failures;
}

inline std::vector<std::pair<const char*, std::function<void()>>>& Tests()
{
    static std::vector<std::pair<const char*, std::function<void()>>> tests;
    return tests;
}

struct Register
{
    Register(const char* name, std::function<void()> test) { Tests().emplace_back(name, std::move(test)); }
};

} // namespace dt::testing

#define TEST(name) \
    static void name(); \
    static dt::testing::Register register_##name(#name, name); \
    static void name()

#define CHECK(condition) \
    do { \
        if (!(condition)) { \
            std::fprintf(stderr, "  FAILED %s:%d: %s\n", __FILE__, __LINE__, #condition); \
            dt::testing::Failures()++; \
        } \
    } while (0)
