namespace DotnetTelemetry.Agent.Sinks;

/// <summary>
/// NDJSON to a file that rotates by size: <c>events.ndjson</c> is the current file, <c>events.ndjson.1</c> the
/// previous one, and so on up to <c>maxFiles - 1</c>; the oldest is deleted. The directory is created when
/// missing and files are created with mode 0640 (owner read/write, group read), before the umask.
/// </summary>
internal sealed class RotatingFileSink : BufferedLineSink
{
    private const UnixFileMode FileMode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private const UnixFileMode DirectoryMode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private FileStream? _file;
    private long _fileBytes;

    public RotatingFileSink(string path, long maxBytes, int maxFiles, ILineFormatter formatter, TextWriter? diagnostics = null)
        : base("file:" + path, formatter, diagnostics: diagnostics)
    {
        _path = path;
        _maxBytes = maxBytes;
        _maxFiles = Math.Max(1, maxFiles);
    }

    /// <summary>Rotates before a line that would take the current file past the limit (a non-empty file only, so one huge line still goes out).</summary>
    protected override void BeforeLine(int lineBytes)
    {
        long projected = _fileBytes + BufferedBytes + lineBytes;
        if (projected > _maxBytes && _fileBytes + BufferedBytes > 0)
        {
            FlushBuffer();
            Rotate();
        }
    }

    protected override void WriteOut(ReadOnlySpan<byte> lines)
    {
        var file = _file ??= Open();
        file.Write(lines);
        _fileBytes += lines.Length;
    }

    protected override void FlushDestination() => _file?.Flush();

    protected override void OnFailure()
    {
        CloseFile();
    }

    protected override void DisposeDestination() => CloseFile();

    private FileStream Open()
    {
        string? directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, DirectoryMode0750);
            }
        }
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // the base class buffers whole lines
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode0640;
        }
        var file = new FileStream(_path, options);
        _fileBytes = file.Length;
        return file;
    }

    private void Rotate()
    {
        CloseFile();
        try
        {
            if (_maxFiles == 1)
            {
                File.Delete(_path);
                return;
            }
            File.Delete(RotatedName(_maxFiles - 1));
            for (int i = _maxFiles - 2; i >= 1; i--)
            {
                if (File.Exists(RotatedName(i)))
                {
                    File.Move(RotatedName(i), RotatedName(i + 1), overwrite: true);
                }
            }
            if (File.Exists(_path))
            {
                File.Move(_path, RotatedName(1), overwrite: true);
            }
        }
        finally
        {
            _fileBytes = 0;
        }
    }

    private string RotatedName(int index) => $"{_path}.{index}";

    private void CloseFile()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // the data is already counted as dropped or exported; closing cannot change that
        }
        _file = null;
    }
}
