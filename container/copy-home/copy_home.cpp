// copy-home <source> <destination>: copies the directory tree <source> into <destination> (created when missing,
// existing files overwritten), keeping permissions, then exits 0. The image's entrypoint is
// ["/copy-home", "/opt/dotnet-telemetry"], so an init container only passes the destination, its shared volume.
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: copy-home <source-directory> <destination-directory>\n");
        return 2;
    }
    const fs::path source = argv[1];
    const fs::path destination = argv[2];
    std::error_code error;
    if (!fs::is_directory(source, error))
    {
        std::fprintf(stderr, "copy-home: %s is not a directory\n", source.c_str());
        return 1;
    }
    fs::create_directories(destination, error);
    if (error)
    {
        std::fprintf(stderr, "copy-home: cannot create %s: %s\n", destination.c_str(), error.message().c_str());
        return 1;
    }
    // recursive copies the tree's contents into the existing destination; copy_symlinks keeps links as links.
    fs::copy(source, destination,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing | fs::copy_options::copy_symlinks, error);
    if (error)
    {
        std::fprintf(stderr, "copy-home: copying %s to %s failed: %s\n", source.c_str(), destination.c_str(),
                     error.message().c_str());
        return 1;
    }
    std::printf("copy-home: %s copied to %s\n", source.c_str(), destination.c_str());
    return 0;
}
