// Imports allocate and free many small JSON nodes across two threads; mimalloc does that much
// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    veedor::cli::main()
}
