namespace WeaverTargets;

public static class Exceptions
{
    public static int ThrowOnly() => throw new InvalidOperationException("always");

    public static int Outer(int depth) => depth == 0 ? Inner() : Outer(depth - 1);

    private static int Inner()
    {
        throw new ArgumentException("deep", "depth");
    }

    public static string CatchAndReturn()
    {
        try
        {
            return ThrowOnly().ToString();
        }
        catch (InvalidOperationException e)
        {
            return "caught " + e.Message;
        }
    }

    public static string FinallyOrder()
    {
        var log = new List<string>();
        try
        {
            try
            {
                log.Add("try");
                throw new FormatException("f");
            }
            finally
            {
                log.Add("finally");
            }
        }
        catch (FormatException)
        {
            log.Add("catch");
        }
        return string.Join(">", log);
    }

    public static int Filtered(int value)
    {
        try
        {
            throw new ArgumentException(value.ToString());
        }
        catch (ArgumentException e) when (int.Parse(e.Message) > 3)
        {
            return value * 10;
        }
        catch (ArgumentException)
        {
            return value;
        }
    }

    public static int Rethrow()
    {
        try
        {
            return ThrowOnly();
        }
        catch (InvalidOperationException)
        {
            throw;
        }
    }

    public static string FilterFalse()
    {
        try
        {
            try
            {
                throw new KeyNotFoundException("k");
            }
            catch (Exception) when (false.Equals(true))
            {
                return "wrong";
            }
        }
        catch (KeyNotFoundException e)
        {
            return "outer " + e.Message;
        }
    }

    public static string Nested()
    {
        string result = "";
        for (int i = 0; i < 3; i++)
        {
            try
            {
                try
                {
                    if (i == 1) throw new InvalidOperationException("one");
                    result += i;
                }
                finally
                {
                    result += "f";
                }
            }
            catch (InvalidOperationException e)
            {
                result += e.Message;
                continue;
            }
            result += ";";
        }
        return result;
    }

    public static int ReturnFromCatch()
    {
        try
        {
            return int.Parse("x");
        }
        catch (FormatException)
        {
            return -1;
        }
        finally
        {
            Basics.DoNothing();
        }
    }

    public static string Using()
    {
        var stream = new MemoryStream();
        using (stream)
        {
            stream.WriteByte(1);
        }
        return stream.CanRead ? "open" : "disposed";
    }

    public static int Checked(int value) => checked(value + 1);
}
