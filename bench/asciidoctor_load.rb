# Load (parse, not render) AsciiDoc files with Asciidoctor in one process, the way Elastic's build
# sees them: each page is included from a document at the docs root, so {docdir} is the root
# (as are {es-ref-dir} and {es-repo-dir}) while the page's own relative includes resolve from its folder.
# Prints "SECONDS <s>" last; with --warnings, first every message Asciidoctor logs, one per line
# (SEVERITY, file:line, text), each page announced by a line "PAGE <path>".
require 'asciidoctor'
require 'logger'

root = File.expand_path(ARGV[0])
show_warnings = ARGV.include?('--warnings')
files = ARGV.drop(1).reject { |a| a.start_with?('--') }
files = Dir.glob(File.join(root, '**', '*.asciidoc')).sort if files.empty?

messages = []
logger = Logger.new($stderr)
logger.formatter = proc do |severity, _time, _prog, msg|
  text = msg.is_a?(Hash) ? msg[:text] : msg.to_s
  msg = msg[:source_location] if msg.is_a?(Hash)
  loc = msg ? "#{msg.file}:#{msg.lineno}" : '?'
  messages << "#{severity}\t#{loc}\t#{text}" unless severity == 'DEBUG'
  ''
end
Asciidoctor::LoggerManager.logger = logger

attrs = { 'es-ref-dir' => root, 'es-repo-dir' => root }
started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
files.each do |file|
  messages << "PAGE\t#{File.expand_path(file)}"
  Asciidoctor.load("include::#{File.expand_path(file)}[]", safe: :unsafe, base_dir: root, attributes: attrs)
end
elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
puts messages if show_warnings
puts "FILES #{files.size}"
puts "SECONDS #{elapsed}"
