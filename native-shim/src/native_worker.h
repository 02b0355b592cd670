// A native thread of the shim's own, with a bounded queue of jobs. RequestReJIT and RequestRevert
// fail with CORPROF_E_UNSUPPORTED_CALL_SEQUENCE on threads the runtime manages, so the C API runs
// them here while the managed caller waits (bounded by a timeout, so a stuck runtime call can
// never hang the app thread that asked).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace dt {

class NativeWorker
{
public:
    using Job = std::function<int32_t()>;

    // `threadInit` runs once on the worker thread before its first job (InitializeCurrentThread).
    explicit NativeWorker(std::function<void()> threadInit = nullptr, size_t maxQueued = 256);
    ~NativeWorker();
    NativeWorker(const NativeWorker&) = delete;
    NativeWorker& operator=(const NativeWorker&) = delete;

    // Runs `job` on the worker thread and returns its result, or HRESULT_TIMEOUT when it has not
    // finished within `timeout` (the job still runs later; it must own everything it touches),
    // or E_FAIL when the queue is full or the worker was stopped.
    int32_t Run(Job job, std::chrono::milliseconds timeout);

    // Stops taking jobs, lets the current one finish and joins the thread.
    void Stop();

    // True when the calling thread is the worker thread (lets tests check where jobs run).
    bool IsWorkerThread() const;

private:
    struct Task;
    int32_t RunOrThrow(Job job, std::chrono::milliseconds timeout);
    void EnsureStarted();
    void Loop();

    std::function<void()> threadInit_;
    const size_t maxQueued_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Task>> queue_;
    std::thread thread_;
    std::thread::id threadId_;
    bool started_ = false;
    bool stopping_ = false;
};

} // namespace dt
