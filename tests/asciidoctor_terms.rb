# The description list terms of every section of every page under a docs root, as Asciidoctor reads them
# (each page loaded the way bench/asciidoctor_load.rb loads it: included from a document at the root).
# Usage: ruby asciidoctor_terms.rb ROOT [name=value ...]   (the values are document attributes)
# Prints, one per line, tab-separated:
#   PAGE   path                           a page, relative to ROOT
#   SECTION path line id title            a section or a [discrete] heading (a floating title), in
#                                         document order; path is the file it stands in
#   END                                   a section's own blocks are over (a subsection starts)
#   ITEM   line term-html...              an item of a description list standing directly in the section
#                                         above (or after the floating title above): its terms, converted
require 'asciidoctor'
require 'logger'

root = File.expand_path(ARGV[0])
attrs = { 'es-ref-dir' => root, 'es-repo-dir' => root }
ARGV.drop(1).each do |pair|
  name, value = pair.split('=', 2)
  attrs[name] = value
end
Asciidoctor::LoggerManager.logger = Logger.new(nil) # the include problems are test_corpus.py's

def heading(node)
  "SECTION\t#{node.source_location.path}\t#{node.lineno}\t#{node.id}\t#{node.title}"
end

Dir.glob(File.join(root, '**', '*.asciidoc')).sort.each do |file|
  doc = Asciidoctor.load("include::#{file}[]", safe: :unsafe, base_dir: root, attributes: attrs, sourcemap: true)
  puts "PAGE\t#{file.delete_prefix("#{root}/")}"
  doc.find_by(context: :section).each do |section|
    puts heading(section)
    section.blocks.each do |block|
      case block.context
      when :floating_title then puts heading(block)
      when :section then puts 'END'
      when :dlist
        block.items.each do |terms, _description|
          puts "ITEM\t#{terms.first.lineno}\t#{terms.map(&:text).join("\t")}"
        end
      end
    end
  end
end
