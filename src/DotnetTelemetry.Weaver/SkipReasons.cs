namespace DotnetTelemetry.Weaver;

/// <summary>Why a method was not woven. Every method the weaver looks at is either woven or has one of these.</summary>
public static class SkipReasons
{
    public const string NoBody = "no IL body (abstract, extern, P/Invoke, runtime-implemented)";
    public const string CompilerGenerated = "compiler-generated (accessor, record member, closure plumbing)";
    public const string StateMachineKickoff = "async/iterator stub (its state machine is woven instead)";
    public const string StateMachinePlumbing = "state-machine plumbing (not user code)";
    public const string Jmp = "contains jmp (cannot be wrapped in a try block)";
    public const string TailCall = "explicit tail. call (would lose its tail-call guarantee inside a try block)";
    public const string TooLarge = "too large (near the JIT's MinOpts limits)";
    public const string ConstructorShape = "constructor: branch, return or handler across the base/this constructor call";
    public const string VarArgs = "varargs calling convention";
    public const string AggressiveInlining = "marked AggressiveInlining (a hot helper meant to disappear)";
    public const string ModuleInitializer = "module type (<Module>)";
    public const string UnsupportedStateMachine = "state machine of an unrecognized shape";
    public const string ReturnInsideProtectedRegion = "ret inside a protected region (non-standard IL)";
    public const string NotSelected = "not selected (include/exclude)";
}
