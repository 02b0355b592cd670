#include "native_worker.h"

#include "interfaces/com_types.h"

namespace dt {

struct NativeWorker::Task
{
    Job job;
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    int32_t result = E_FAIL;
};

NativeWorker::NativeWorker(std::function<void()> threadInit, size_t maxQueued)
    : threadInit_(std::move(threadInit)), maxQueued_(maxQueued)
{
}

NativeWorker::~NativeWorker()
{
    Stop();
}

void NativeWorker::EnsureStarted()
{
    // Called with mutex_ held. Started lazily so that loading the shim creates no thread until the
    // agent actually asks for a ReJIT.
    if (!started_)
    {
        thread_ = std::thread([this] { Loop(); }); // throws when no thread can be made: Run reports E_FAIL
        threadId_ = thread_.get_id();
        started_ = true;
    }
}

int32_t NativeWorker::Run(Job job, std::chrono::milliseconds timeout)
{
    try
    {
        return RunOrThrow(std::move(job), timeout);
    }
    catch (...)
    {
        return E_FAIL; // no memory, or no thread could be started
    }
}

int32_t NativeWorker::RunOrThrow(Job job, std::chrono::milliseconds timeout)
{
    auto task = std::make_shared<Task>();
    task->job = std::move(job);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ || queue_.size() >= maxQueued_)
        {
            return E_FAIL;
        }
        EnsureStarted();
        queue_.push_back(task);
    }
    wake_.notify_one();

    std::unique_lock<std::mutex> lock(task->mutex);
    if (!task->done_signal.wait_for(lock, timeout, [&] { return task->done; }))
    {
        return HRESULT_TIMEOUT;
    }
    return task->result;
}

void NativeWorker::Loop()
{
    if (threadInit_)
    {
        threadInit_();
    }
    for (;;)
    {
        std::shared_ptr<Task> task;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty())
            {
                return; // stopping and nothing left
            }
            task = queue_.front();
            queue_.pop_front();
        }
        int32_t result = E_FAIL;
        try
        {
            result = task->job();
        }
        catch (...)
        {
            result = E_FAIL;
        }
        {
            std::lock_guard<std::mutex> lock(task->mutex);
            task->result = result;
            task->done = true;
        }
        task->done_signal.notify_all();
    }
}

void NativeWorker::Stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_)
        {
            return;
        }
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
    {
        thread_.join();
    }
}

bool NativeWorker::IsWorkerThread() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return started_ && std::this_thread::get_id() == threadId_;
}

} // namespace dt
