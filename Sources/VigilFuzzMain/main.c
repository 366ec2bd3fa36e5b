// The fuzzer's executable. Its `main` is libFuzzer's, linked by `-sanitize=fuzzer`; the inputs go to
// `LLVMFuzzerTestOneInput` in the VigilFuzz module. The executable is a C target because SwiftPM
// renames a Swift executable's entry point to `main` on Linux, which collides with libFuzzer's.
