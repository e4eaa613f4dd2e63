package ca.carrefour.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * French full-text analyzer: standard tokenizer, then elision, lowercase,
 * ASCII folding, French stop words and French light stemming
 * ({@code "L'Évaluation des agents"} gives {@code [evalu, agent]}, like {@code "évaluer"}).
 */
@NamedComponent("carrefour_french")
public class FrenchAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = Filters.frenchElision(source);
                result = Filters.lowercase(result);
                result = Filters.asciiFolding(result);
                result = Filters.frenchStop(result);
                result = Filters.frenchStem(result);
                return new TokenStreamComponents(source, result);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return Filters.asciiFolding(Filters.lowercase(Filters.frenchElision(in)));
            }
        };
    }
}
