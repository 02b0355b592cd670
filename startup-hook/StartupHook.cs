// Placeholder: the real hook (load contexts, config, agent start) arrives with the in-process agent issue.
// It lives in the global namespace because the runtime looks for exactly `StartupHook.Initialize()`.
internal class StartupHook
{
    public static void Initialize()
    {
    }
}
