//! Prints every syntax the highlighter knows, with its file extensions (the tokens a code
//! block's language is matched against).
fn main() {
    for s in exambook_render::highlight::syntax_set().syntaxes() {
        println!("{}\t{}", s.name, s.file_extensions.join(" "));
    }
}
